package com.arkenos.probe;

import com.arkenos.telephony.core.http.JsonTrees;
import com.arkenos.telephony.core.log.Metric;

/** One dial outcome written as the functions write it (core/log/Metric), after the JSON work every function does. */
public class OwnMetric {
    public static void main(String[] a) throws Exception {
        JsonTrees.read("{\"call_id\":\"c-1\"}");
        Metric.count("DialOutcome").dimension("Status", "BUSY").dimension("SipCode", 486)
                .property("call_id", "c-1").emit();
    }
}
