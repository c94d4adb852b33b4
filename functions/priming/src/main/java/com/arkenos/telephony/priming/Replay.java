package com.arkenos.telephony.priming;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's side of a {@link Tape}: answers each request with the next recorded answer to the same request
 * (method, path, AWS target), in the recorded order. A request the tape does not hold is answered 400 (a 5xx would be
 * retried) and counted: the function changed since the tape was recorded, and the tape wants recording again.
 *
 * <p>Times in text answers are moved by the tape's age, so that a record written when the tape was recorded is as
 * old at the replay as it was then (a lease still held, a call still ringing, an idempotency key still fresh):
 * ISO-8601 instants, and DynamoDB numbers that are epoch seconds or milliseconds within a year of the recording.
 */
final class Replay implements StandIn.Exchange {
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern NUMBER = Pattern.compile("(\"N\"\\s*:\\s*\")(\\d{10}|\\d{13})\"");
    private static final long YEAR_SECONDS = Duration.ofDays(366).toSeconds();

    private final List<Tape.Exchange> exchanges;
    private final boolean[] used;
    private final Instant recordedAt;
    private final Duration age;
    private int next;
    private int unanswered;

    Replay(List<Tape.Exchange> exchanges, Instant recordedAt, Instant now) {
        this.exchanges = exchanges;
        this.used = new boolean[exchanges.size()];
        this.recordedAt = recordedAt;
        // Whole seconds: an instant written without a fraction keeps none.
        this.age = Duration.between(recordedAt, now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Override
    public synchronized StandIn.Answer answer(StandIn.Request request) {
        int q = request.path().indexOf('?');
        String path = q < 0 ? request.path() : request.path().substring(0, q);
        String target = request.header("x-amz-target");
        for (int i = next; i < exchanges.size(); i++) {
            Tape.Exchange x = exchanges.get(i);
            if (!used[i] && x.answers(request.method(), path, target)) {
                used[i] = true;
                next = i + 1;
                byte[] body = Tape.isText(x.contentType()) ? rebase(new String(x.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8) : x.body();
                return new StandIn.Answer(x.status(), x.contentType(), body);
            }
        }
        unanswered++;
        String why = "not on the priming tape: " + request.method() + " " + path + " " + target;
        // Each client's error shape in one body: AWS JSON's __type, Twirp's code and msg, Twilio's message.
        return StandIn.Answer.of(400, "application/json", "{\"__type\":\"ValidationException\","
                + "\"code\":\"invalid_argument\",\"msg\":\"" + why + "\",\"message\":\"" + why + "\"}");
    }

    /** Recorded answers given. */
    synchronized int served() {
        int n = 0;
        for (boolean u : used) {
            n += u ? 1 : 0;
        }
        return n;
    }

    /** Recorded answers no request asked for. */
    synchronized int unused() {
        return exchanges.size() - served();
    }

    synchronized int unanswered() {
        return unanswered;
    }

    String rebase(String text) {
        if (age.isZero()) {
            return text;
        }
        Matcher m = INSTANT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String moved;
            try {
                moved = Instant.parse(m.group()).plus(age).toString();
            } catch (DateTimeParseException e) {
                moved = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(moved));
        }
        m.appendTail(out);
        Matcher n = NUMBER.matcher(out.toString());
        StringBuilder numbers = new StringBuilder();
        long recorded = recordedAt.getEpochSecond();
        while (n.find()) {
            long value = Long.parseLong(n.group(2));
            boolean millis = n.group(2).length() == 13;
            long seconds = millis ? value / 1000 : value;
            String moved = n.group(2);
            if (Math.abs(seconds - recorded) <= YEAR_SECONDS) {
                moved = Long.toString(millis ? value + age.toMillis() : value + age.toSeconds());
            }
            n.appendReplacement(numbers, Matcher.quoteReplacement(n.group(1) + moved + "\""));
        }
        n.appendTail(numbers);
        return numbers.toString();
    }
}
