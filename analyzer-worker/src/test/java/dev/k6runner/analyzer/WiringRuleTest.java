package dev.k6runner.analyzer;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The wiring rule of docs/architecture.md, held over the analyzer's production classes. */
class WiringRuleTest {

    private static final JavaClasses ANALYZER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.k6runner.analyzer");

    @Test
    void theImportSeesTheAnalyzersProductionClassesOnly() {
        assertThat(ANALYZER.contain("dev.k6runner.analyzer.finish.RunAnalyzer")).isTrue();
        assertThat(ANALYZER.contain(WiringRuleTest.class)).isFalse();
    }

    @Test
    void theAnalyzersFeaturePackagesDependOnEachOtherWithoutACycle() {
        slices().matching("dev.k6runner.analyzer.(*)..").should().beFreeOfCycles().check(ANALYZER);
    }

    @Test
    void beanMethodsMakeOnlyObjectsOfClassesTheProjectDoesNotOwn() {
        methods().that().areAnnotatedWith(Bean.class)
                .should().notHaveRawReturnType(resideInAPackage("dev.k6runner.."))
                .because("the project's own classes carry a stereotype and are component-scanned")
                .check(ANALYZER);
    }

    @Test
    void onlyConfigurationClassesImportFromSpringsApplicationContext() {
        noClasses().that().haveSimpleNameNotEndingWith("Configuration")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.context..")
                .because("a stereotype is metadata; the logic stays Spring-free and is built with new in its tests")
                .check(ANALYZER);
    }
}
