package com.arkenos.telephony.handlers.sweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.sweeper.Sweeper;
import com.arkenos.telephony.wiring.TelephonyWiring;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The scheduled sweep (an EventBridge schedule's event, whose content does not matter): runs {@link Sweeper} and
 * answers what it did. A failure to settle one item is logged and left for the next run, so Lambda has nothing to
 * retry; an error reaching DynamoDB fails the run, which the function's Errors alarm shows.
 */
public class SweepHandler extends PrimedStreamHandler {
    private final Sweeper sweeper;

    public SweepHandler() {
        this(TelephonyWiring.warmingSweep().sweeper());
    }

    public SweepHandler(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.invocationStarted(context);
        input.readAllBytes();
        Sweeper.Sweep sweep = sweeper.run();
        ObjectNode out = Json.object();
        ObjectNode numbers = out.putObject("numbers");
        sweep.numbers().forEach((outcome, n) -> numbers.put(outcome.name().toLowerCase(java.util.Locale.ROOT), n));
        out.put("number_errors", sweep.numberErrors()).put("calls_settled", sweep.callsSettled());
        if (sweep.repairs() == null) {
            out.putNull("repairs");
        } else {
            var repairs = out.putArray("repairs");
            sweep.repairs().forEach(repairs::add);
        }
        output.write(Json.MAPPER.writeValueAsBytes(out));
    }
}
