package com.arkenos.telephony.handlers.numbers;

import com.arkenos.telephony.core.http.HttpFunction;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.HttpResponse;
import com.arkenos.telephony.numbers.NumberRecord;
import com.arkenos.telephony.numbers.NumberStatus;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.PipelineReport;
import com.arkenos.telephony.wiring.TelephonyWiring;

import java.time.Duration;
import java.util.Set;

/**
 * {@code POST /api/telephony/numbers/provision}: the dashboard's "Test &amp; Setup Pipeline": resumes what is not
 * ACTIVE (as retry does), waits a bounded time for the provisioning to settle, and answers the product's {@code
 * {status: ready|partial|error, steps}}.
 */
public class ProvisionNumberHandler extends HttpFunction {
    /** Statuses whose workflow is still running: provision waits for them to settle. */
    private static final Set<NumberStatus> SETTLING = Set.of(NumberStatus.PURCHASING, NumberStatus.PROVISIONING,
            NumberStatus.RELEASING);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long to wait for a resumed provisioning (PROVISION_WAIT_SECONDS, default 10; API Gateway cuts at 30). */
    private final Duration wait;
    private final NumbersService numbers;

    public ProvisionNumberHandler() {
        this(TelephonyWiring.current());
    }

    private ProvisionNumberHandler(TelephonyWiring wiring) {
        this(wiring.numbers(), wiring.provisionWait());
    }

    public ProvisionNumberHandler(NumbersService numbers, Duration wait) {
        super("POST /api/telephony/numbers/provision");
        this.numbers = numbers;
        this.wait = wait;
    }

    @Override
    protected HttpResponse serve(HttpRequest req) {
        String owner = req.owner();
        NumberRecord r = numbers.retry(owner, NumberRequests.target(req));
        long deadline = System.nanoTime() + wait.toNanos();
        while (SETTLING.contains(r.status()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = numbers.get(owner, r.phoneNumber());
        }
        return HttpResponse.ok(PipelineReport.of(r));
    }
}
