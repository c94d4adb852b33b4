package com.arkenos.local;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the functions' code (docs/architecture.md), checked over their compiled classes: dependencies point
 * down, handlers -> services -> gateways -> core; the wiring is known to the handlers' no-arg constructors alone;
 * priming sits on top and nothing knows it; the feature packages import each other without a loop.
 */
class LayeredArchitectureTest {
    private static JavaClasses functions;

    @BeforeAll
    static void importTheFunctions() {
        functions = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/com/arkenos/telephony/testing/"))
                .importPackages("com.arkenos.telephony", "Telephony");
    }

    @Test
    void dependencies_pointDown_fromHandlersToServicesToGatewaysToCore() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Priming").definedBy("com.arkenos.telephony.priming..")
                .layer("Wiring").definedBy("com.arkenos.telephony.wiring..")
                // The stable error names the state machines match are what the step handlers throw.
                .layer("Handlers").definedBy("com.arkenos.telephony.handlers..", "com.arkenos.telephony.lookup..",
                        "Telephony..")
                .layer("Services").definedBy("com.arkenos.telephony.numbers..", "com.arkenos.telephony.calls..",
                        "com.arkenos.telephony.provisioning..", "com.arkenos.telephony.agents..")
                .layer("Gateways").definedBy("com.arkenos.telephony.providers..")
                .layer("Core").definedBy("com.arkenos.telephony.core..")
                .whereLayer("Priming").mayNotBeAccessedByAnyLayer()
                .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Handlers", "Priming")
                .whereLayer("Handlers").mayOnlyBeAccessedByLayers("Priming")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Handlers", "Wiring", "Priming")
                .whereLayer("Gateways").mayOnlyBeAccessedByLayers("Services", "Handlers", "Wiring", "Priming")
                .check(functions);
    }

    @Test
    void theFeaturePackages_dependOnEachOtherWithoutALoop() {
        slices().matching("com.arkenos.telephony.(*)..").should().beFreeOfCycles().check(functions);
    }

    @Test
    void theLookup_knowsNothingButCore() {
        noClasses().that().resideInAPackage("com.arkenos.telephony.lookup..").should().dependOnClassesThat()
                .resideInAnyPackage("com.arkenos.telephony.numbers..", "com.arkenos.telephony.calls..",
                        "com.arkenos.telephony.provisioning..", "com.arkenos.telephony.providers..",
                        "com.arkenos.telephony.wiring..")
                .check(functions);
    }

    /**
     * Issue 17: no request, step or sweep reads a whole table. A Scan's cost grows with every record ever written
     * (released numbers, ended calls), so lists come from Queries of an index whose entries are the ones wanted.
     */
    @Test
    void nothing_scansATable() {
        noClasses().should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.nameStartingWith("scan"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo(DynamoDbClient.class)
                                        .or(JavaClass.Predicates.assignableTo(DynamoDbTable.class))
                                        .or(JavaClass.Predicates.assignableTo(DynamoDbIndex.class))))))
                .because("a Scan reads every item of the table")
                .check(functions);
    }
}
