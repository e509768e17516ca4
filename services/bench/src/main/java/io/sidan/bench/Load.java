package io.sidan.bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a simulation needs to know, handed over in system properties (Gatling instantiates the
 * simulation class itself): where the services are, the callers' tokens, the rate and the duration.
 */
final class Load {

    static final String REQUEST_URL = "bench.requestUrl";
    static final String DISPATCH_URL = "bench.dispatchUrl";
    static final String RATING_URL = "bench.ratingUrl";
    static final String RATE = "bench.rate";
    static final String SECONDS = "bench.seconds";
    static final String CATEGORIES = "bench.categories";
    static final String GRIDS = "bench.grids";

    /** The categories a team serves, so it can be assigned the requests made for it. */
    static String teamCategories(String teamId) {
        return "bench.categories." + teamId;
    }

    /** A member of the team, whose hours the completion reports. */
    static String teamVolunteer(String teamId) {
        return "bench.volunteer." + teamId;
    }

    private Load() {
    }

    static String get(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("missing system property " + key);
        }
        return value;
    }

    static String token(String user) {
        return get("bench.token." + user);
    }

    static double rate() {
        return Double.parseDouble(get(RATE));
    }

    static int seconds() {
        return Integer.parseInt(get(SECONDS));
    }

    /** A realistic request: one of the catalogue's categories, one of the grids, Chinese text. */
    static String requestBody() {
        return requestBody(CATEGORIES);
    }

    /** A request in one of the categories listed under the given property. */
    static String requestBody(String categoriesProperty) {
        return requestBody(List.of(get(categoriesProperty).split(",")), List.of(get(GRIDS).split(",")));
    }

    /** A request in one of these categories and grids. */
    static String requestBody(List<String> categories, List<String> grids) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return """
                {"category":"%s","title":"上门服务 %d","description":"老人行动不便，希望志愿者上门帮忙，谢谢。编号 %d",\
                "location":{"grid":"%s","address":"幸福路 %d 号"},"urgency":"NORMAL","contactPhone":"1380013%04d"}"""
                .formatted(categories.get(r.nextInt(categories.size())), r.nextInt(1_000_000), r.nextLong(1L << 40),
                        grids.get(r.nextInt(grids.size())), r.nextInt(1, 200), r.nextInt(10_000));
    }
}
