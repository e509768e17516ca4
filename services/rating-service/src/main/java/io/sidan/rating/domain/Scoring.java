package io.sidan.rating.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;

/**
 * How ratings become numbers.
 *
 * <ul>
 *   <li><b>Composite</b>: the weighted mean of the overall scores of the parties that rated, with the
 *       policy's weights (default resident 0.5, platform 0.2, reviewer 0.3; the team's own rating never
 *       counts). Parties that did not rate are left out, not counted as satisfied; with no rating at
 *       all there is no composite.</li>
 *   <li><b>Points</b>: hours × points per hour (default 10) × a quality multiplier from the composite:
 *       1.2 from 4.5, 1.0 from 3.5, 0.8 from 2.5, 0.5 below; 1.0 when nobody rated (nothing invented
 *       either way). Rounded to whole points.</li>
 *   <li><b>Reputation</b>: the mean composite of the team's latest rated sheets (default 20).</li>
 * </ul>
 */
public final class Scoring {

    private Scoring() {
    }

    public static Double composite(SheetState sheet, RatingPolicy policy) {
        double weighted = 0;
        double weights = 0;
        for (Rating r : sheet.ratings().values()) {
            double w = policy.weight(r.party());
            weighted += w * r.scores().overall();
            weights += w;
        }
        return weights == 0 ? null : round(weighted / weights);
    }

    public static List<RatingEvent.PartyResult> results(SheetState sheet, RatingPolicy policy) {
        List<RatingEvent.PartyResult> results = new ArrayList<>();
        for (Party p : Party.values()) {
            Rating r = sheet.ratings().get(p);
            if (r != null) {
                results.add(new RatingEvent.PartyResult(p, r.scores().overall(), policy.weight(p)));
            }
        }
        return results;
    }

    public static double multiplier(Double composite) {
        if (composite == null) {
            return 1.0;
        }
        if (composite >= 4.5) {
            return 1.2;
        }
        if (composite >= 3.5) {
            return 1.0;
        }
        if (composite >= 2.5) {
            return 0.8;
        }
        return 0.5;
    }

    public static int points(double hours, Double composite, RatingPolicy policy) {
        return (int) Math.round(hours * policy.pointsPerHour() * multiplier(composite));
    }

    public static String rule(double hours, Double composite, RatingPolicy policy) {
        String quality = composite == null ? "no rating" : String.format(Locale.ROOT, "composite %.2f", composite);
        return String.format(Locale.ROOT, "%s h × %d × %.1f (%s)", trim(hours), policy.pointsPerHour(),
                multiplier(composite), quality);
    }

    public static double reputation(List<Double> latestComposites) {
        return round(latestComposites.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    private static String trim(double hours) {
        return hours == Math.rint(hours) ? String.valueOf((long) hours) : String.valueOf(hours);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
