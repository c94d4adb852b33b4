package com.arkenos.local.reliability;

import com.arkenos.telephony.core.log.Log;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 6, "reliability and security, proven with figures", as part of {@code mvn verify}: every case of every area
 * is a test (a failed case fails the build, a skipped one is reported as skipped), and the report with the figures is
 * printed at the end and written to {@code target/reliability-report.md}. The secrets area runs last, over every log
 * line the other areas caused. {@code ./stack reliability} runs the same suite alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityTest {

    @BeforeAll
    static void start() {
        Log.stdout(false);
        Suite.start();
    }

    @AfterAll
    static void report() {
        System.out.println(Suite.finish(java.nio.file.Path.of("target")));
        Suite.stop();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> faultMatrix() {
        return cases("faultMatrix");
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> crashRecovery() {
        return cases("crashRecovery");
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> concurrency() {
        return cases("concurrency");
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> safeToDeploy() {
        return cases("safeToDeploy");
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> hostileInput() {
        return cases("hostileInput");
    }

    @TestFactory
    @Order(6)
    Stream<DynamicTest> tenantIsolation() {
        return cases("tenantIsolation");
    }

    @TestFactory
    @Order(7)
    Stream<DynamicTest> secrets() {
        return cases("secrets");
    }

    /** Runs one area (unless {@code -Dreliability.only=a,b} names others) and turns its cases into tests. */
    static Stream<DynamicTest> cases(String area) {
        String only = System.getProperty("reliability.only", "");
        if (!only.isBlank() && !java.util.Arrays.asList(only.split(",")).contains(area)) {
            return Stream.empty();
        }
        Report.Section s = Suite.run(Suite.area(area));
        return s.results.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            switch (r.outcome()) {
                case FAIL -> fail(r.detail());
                case SKIP -> Assumptions.abort(r.detail());
                default -> { }
            }
        }));
    }
}
