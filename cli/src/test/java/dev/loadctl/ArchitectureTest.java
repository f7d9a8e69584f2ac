package dev.loadctl;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md, on the compiled main classes: no package cycles, and each
 * package imports only the packages below it. A change that breaks a rule fails here with the offending
 * class and the dependency it added.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.loadctl";

    /** Each package and the loadctl packages it may use (the root package's classes are open to all). */
    static final Map<String, List<String>> MAY_USE = Map.of(
            "cli", List.of("options", "engine", "launch", "wrk", "profile", "preflight", "result", "report"),
            "options", List.of("engine", "launch", "wrk", "profile", "preflight", "result"),
            "engine", List.of("launch", "wrk", "preflight", "result"),
            "profile", List.of("launch", "preflight", "result"),
            "preflight", List.of("launch", "result"),
            "wrk", List.of("result"),
            "report", List.of("result"),
            "launch", List.of(),
            "result", List.of());

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        MAY_USE.forEach((pkg, allowed) -> {
            String[] forbidden = MAY_USE.keySet().stream()
                    .filter(other -> !other.equals(pkg) && !allowed.contains(other))
                    .map(other -> ROOT + "." + other + "..")
                    .toArray(String[]::new);
            if (forbidden.length > 0) {
                ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .because("docs/architecture.md: " + pkg + " may use only " + allowed)
                        .allowEmptyShould(true);
                rule.check(classes);
            }
        });
    }

    @Test
    void theRootPackageUsesNoSubpackage() {
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat().resideInAnyPackage(
                        Stream.concat(MAY_USE.keySet().stream(), Stream.of("server"))
                                .map(pkg -> ROOT + "." + pkg + "..").toArray(String[]::new))
                .check(classes);
    }

    @Test
    void everyPackageHasARule() {
        List<String> packages = classes.stream().map(c -> c.getPackageName())
                .filter(name -> name.startsWith(ROOT + "."))
                .map(name -> name.substring(ROOT.length() + 1).split("\\.")[0])
                .filter(name -> !name.equals("server"))
                .distinct().toList();
        assertThat(MAY_USE.keySet()).as("packages with a rule in MAY_USE").containsAll(packages);
    }
}
