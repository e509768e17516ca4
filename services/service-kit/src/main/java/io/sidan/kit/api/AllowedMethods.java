package io.sidan.kit.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

/**
 * Which HTTP methods a path accepts, read once from the JAX-RS resources, so that a 405 answer can
 * carry the {@code Allow} header HTTP requires (the REST layer does not add it).
 */
@ApplicationScoped
public class AllowedMethods {

    private static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, POST.class, PUT.class,
            DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    private final BeanManager beans;
    private volatile List<Route> routes;

    public AllowedMethods(BeanManager beans) {
        this.beans = beans;
    }

    /** The methods allowed on a request path, e.g. {@code GET, POST}; empty when no resource matches. */
    public String allowedFor(String path) {
        Set<String> methods = new TreeSet<>();
        String normalized = "/" + path.replaceAll("^/+|/+$", "");
        for (Route r : routes()) {
            if (r.pattern().matcher(normalized).matches()) {
                methods.add(r.method());
            }
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
        }
        return String.join(", ", methods);
    }

    private List<Route> routes() {
        List<Route> r = routes;
        if (r == null) {
            r = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class, jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
                Class<?> type = bean.getBeanClass();
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method m : type.getMethods()) {
                    for (Class<? extends Annotation> verb : VERBS) {
                        if (m.isAnnotationPresent(verb)) {
                            Path methodPath = m.getAnnotation(Path.class);
                            String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                            r.add(new Route(verb.getSimpleName(), Pattern.compile(toRegex(template))));
                        }
                    }
                }
            }
            routes = r;
        }
        return r;
    }

    private static String join(String a, String b) {
        String joined = ("/" + a + "/" + b).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String toRegex(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return regex.toString();
    }

    private record Route(String method, Pattern pattern) {
    }
}
