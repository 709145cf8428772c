package dev.k6runner.gateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The wiring rule of docs/architecture.md, held for the gateway: scanned classes, no composition root, no package cycle. */
class WiringRuleTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.k6runner.gateway");

    @Test
    void theImportSeesTheGatewaysProductionClassesOnly() {
        assertThat(GATEWAY.contain("dev.k6runner.gateway.intake.IntakeController")).isTrue();
        assertThat(GATEWAY.contain(WiringRuleTest.class)).isFalse();
    }

    @Test
    void theGatewaysFeaturePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.k6runner.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void noBeanMethodBuildsAClassOfTheProject() {
        noMethods().that().areAnnotatedWith(Bean.class)
                .should().haveRawReturnType(resideInAPackage("dev.k6runner.."))
                .because("the project's classes are component-scanned; @Bean methods are for library classes only")
                .check(GATEWAY);
    }
}
