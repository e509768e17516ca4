package io.sidan.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer rules every service keeps (docs/architecture.md, "Layers inside a service"), checked on its
 * compiled main classes:
 * <ul>
 * <li>{@code domain} depends on the JDK and the event contracts only: rules are plain code;</li>
 * <li>{@code application} never touches HTTP (JAX-RS, the HTTP kit, OpenAPI annotations): it throws
 * domain exceptions that the problem mappers translate;</li>
 * <li>{@code api} never touches JDBC nor opens a transaction: resources map HTTP to a command or a query
 * and a result to a response, and the application and projection layers own the transactions;</li>
 * <li>{@code projection} never touches JAX-RS or the HTTP kit either;</li>
 * <li>no layer but {@code api} depends on {@code api}.</li>
 * </ul>
 */
public final class Layers {

    private static final String[] HTTP = {"jakarta.ws.rs..", "io.sidan.kit.api..", "org.jboss.resteasy..",
            "org.eclipse.microprofile.openapi..", "io.vertx.ext.web.."};
    /*
     * ArchUnit does not see the parameters of lambdas (it skips their synthetic methods), so a resource
     * handed a Connection by tx.inTransaction(c -> ...) would pass a java.sql rule unseen: resources may
     * not open transactions either.
     */
    private static final String[] JDBC = {"java.sql..", "javax.sql..", "io.agroal..", "io.sidan.eventing.tx.."};

    private Layers() {
    }

    /** The rules for the service whose classes are under {@code servicePackage} (e.g. {@code io.sidan.request}). */
    public static List<ArchRule> rules(String servicePackage) {
        String domain = servicePackage + ".domain..";
        String application = servicePackage + ".application..";
        String api = servicePackage + ".api..";
        return List.of(
                classes().that().resideInAPackage(domain)
                        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.sidan.contracts..", domain)
                        .because("rules are plain code: the JDK and the event contracts only"),
                noClasses().that().resideInAPackage(application)
                        .should().dependOnClassesThat().resideInAnyPackage(HTTP)
                        .because("the application layer throws domain exceptions; the api layer speaks HTTP"),
                noClasses().that().resideInAPackage(servicePackage + ".projection..")
                        .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.sidan.kit.api..")
                        .because("read models know nothing of HTTP (their records may carry OpenAPI schema annotations)"),
                noClasses().that().resideInAPackage(api)
                        .should().dependOnClassesThat().resideInAnyPackage(JDBC)
                        .because("resources call the application and projection layers, which own the transactions"),
                noClasses().that().resideOutsideOfPackage(api)
                        .should().dependOnClassesThat().resideInAPackage(api)
                        .because("only resources know the API's shapes"));
    }

    /** Checks every rule on the service's main classes; fails naming each offending dependency. */
    public static void check(String servicePackage) {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        if (main.isEmpty()) {
            throw new AssertionError("no classes found under " + servicePackage);
        }
        List<AssertionError> failures = new java.util.ArrayList<>();
        for (ArchRule rule : rules(servicePackage)) {
            try {
                rule.check(main);
            } catch (AssertionError e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError all = new AssertionError(failures.size() + " layer rule(s) broken:\n"
                    + String.join("\n\n", failures.stream().map(Throwable::getMessage).toList()));
            failures.forEach(all::addSuppressed);
            throw all;
        }
    }
}
