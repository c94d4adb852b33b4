package com.arkenos.probe;

import com.arkenos.telephony.core.http.JsonTrees;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** The same dial outcome through Powertools for AWS Lambda (Java) 2.9.0's metrics module, after the same JSON work. */
public class PowertoolsMetric {
    public static void main(String[] a) throws Exception {
        JsonTrees.read("{\"call_id\":\"c-1\"}");
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace("Arkenos/Telephony");
        metrics.addDimension(DimensionSet.of("Stack", "local", "Status", "BUSY", "SipCode", "486"));
        metrics.addMetric("DialOutcome", 1, MetricUnit.COUNT);
        metrics.addMetadata("call_id", "c-1");
        metrics.flush();
    }
}
