package com.arkenos.telephony.priming;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.core.aws.AwsClients;
import com.arkenos.telephony.core.log.Log;
import com.arkenos.telephony.core.snapstart.PrimedStreamHandler;
import com.arkenos.telephony.core.snapstart.SnapStart;
import com.arkenos.telephony.core.snapstart.Primer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one primer of the agents and telephony jars: replays the function's {@link Tape}. A copy of the handler is
 * built as Lambda builds the handler (its no-arg constructor) in the tape's environment, with each {@link Service}'s
 * endpoint pointed at a loopback {@link StandIn} that answers from the tape, and it handles the tape's sample events.
 * Nothing reaches AWS, Twilio or LiveKit, no secret is read (the tape's environment holds the local stack's sandbox
 * credentials), and the function's own clients are neither built nor touched. A handler without a tape is primed
 * by its own warm-up alone.
 */
public final class TapePrimer implements Primer {
    /** How a replay went: what the copy answered, and how far its requests strayed from the tape. */
    public record Replayed(String tape, List<Integer> statuses, List<Integer> recordedStatuses,
                           Map<Service, Integer> served, int unanswered, int unused) {
        /** Whether the copy asked exactly what the tape holds and answered as it did when it was recorded. */
        public boolean faithful() {
            return unanswered == 0 && unused == 0 && statuses.equals(recordedStatuses);
        }
    }

    @Override
    public void prime(Object handler) throws Exception {
        String name = handler instanceof PrimedStreamHandler p ? p.primingName() : handler.getClass().getSimpleName();
        Optional<Tape> tape = Tape.load(handler.getClass().getClassLoader(), name);
        if (tape.isEmpty()) {
            Log.info("priming_no_tape", "tape", name);
            return;
        }
        Replayed replayed = replay(handler.getClass(), name, tape.get(), Instant.now());
        List<Object> fields = new ArrayList<>(List.of("tape", name, "invocations", replayed.statuses().size(),
                "unanswered", replayed.unanswered(), "unused", replayed.unused(), "faithful", replayed.faithful()));
        replayed.served().forEach((service, n) -> fields.addAll(List.of(service.name().toLowerCase(Locale.ROOT), n)));
        Log.info("priming_replayed", fields.toArray());
    }

    /** Replays {@code tape} through a new copy of a {@code handlerType}, as if it were {@code now}. */
    public static Replayed replay(Class<?> handlerType, String name, Tape tape, Instant now) throws Exception {
        Map<Service, List<Tape.Exchange>> byService = new EnumMap<>(Service.class);
        for (Tape.Invocation i : tape.invocations()) {
            for (Tape.Exchange x : i.exchanges()) {
                byService.computeIfAbsent(x.service(), s -> new ArrayList<>()).add(x);
            }
        }
        Map<Service, Replay> replays = new EnumMap<>(Service.class);
        List<StandIn> standIns = new ArrayList<>();
        Map<String, String> values = new HashMap<>(tape.env());
        try {
            for (Service service : Service.values()) {
                Replay replay = new Replay(byService.getOrDefault(service, List.of()), tape.recordedAt(), now);
                StandIn standIn = StandIn.serving(replay);
                standIns.add(standIn);
                replays.put(service, replay);
                values.put(service.endpointVariable(), standIn.endpoint().toString());
            }
            Env env = Env.of(values);
            RequestStreamHandler copy =
                    SnapStart.buildPrimingCopy(() -> PrimedStreamHandler.build(handlerType.getName(), env));
            List<Integer> statuses = new ArrayList<>();
            List<Integer> recorded = new ArrayList<>();
            try {
                for (Tape.Invocation i : tape.invocations()) {
                    statuses.add(invoke(copy, i.event()));
                    recorded.add(i.status());
                }
            } finally {
                AwsClients.forget(env);
            }
            Map<Service, Integer> served = new EnumMap<>(Service.class);
            replays.forEach((service, replay) -> served.put(service, replay.served()));
            int unanswered = replays.values().stream().mapToInt(Replay::unanswered).sum();
            int unused = replays.values().stream().mapToInt(Replay::unused).sum();
            return new Replayed(name, statuses, recorded, served, unanswered, unused);
        } finally {
            standIns.forEach(StandIn::close);
        }
    }

    /** Handles one event; answers the HTTP status, or 0 for an answer that is not an HTTP response. */
    private static int invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return statusOf(out.toByteArray());
    }

    /** The {@code statusCode} of an API Gateway answer, or 0. */
    public static int statusOf(byte[] answer) {
        try {
            return Json.parse(answer).path("statusCode").asInt(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
