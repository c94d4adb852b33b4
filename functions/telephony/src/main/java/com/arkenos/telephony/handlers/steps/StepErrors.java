package com.arkenos.telephony.handlers.steps;

import Telephony.InfraBusy;
import Telephony.Permanent;
import Telephony.Superseded;
import Telephony.Transient;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.provisioning.InfraBusyException;
import com.arkenos.telephony.provisioning.SupersededException;

import java.util.List;

/** Turns what a step's code throws into the stable error type the state machines see. */
public final class StepErrors {
    /** Every error type a step reports under its own name (anything else reaches the state machine as it is). */
    public static final List<String> NAMES = List.of(Transient.NAME, Permanent.NAME, InfraBusy.NAME, Superseded.NAME);

    private StepErrors() {
    }

    public static RuntimeException reported(RuntimeException e) {
        if (e instanceof ProviderException p) {
            return p.transient_() ? new Transient(p) : new Permanent(p);
        }
        if (e instanceof InfraBusyException) {
            return new InfraBusy(e);
        }
        if (e instanceof SupersededException) {
            return new Superseded(e);
        }
        return e;
    }
}
