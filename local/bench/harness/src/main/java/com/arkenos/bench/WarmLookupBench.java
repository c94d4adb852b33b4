package com.arkenos.bench;

import com.arkenos.telephony.core.Env;
import com.arkenos.telephony.lookup.LookupFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * The warm lookup handler against DynamoDB Local, next to the one bare GetItem it needs, interleaved request by
 * request (alternating which goes first) so that both see the same machine.
 */
final class WarmLookupBench {
    private final Stack stack;
    private final Report report;
    private final int n;

    WarmLookupBench(Stack stack, Report report, int n) {
        this.stack = stack;
        this.report = report;
        this.n = n;
    }

    void run() throws Exception {
        String section = "warm lookup (in-process handler vs 1 bare GetItem, DynamoDB Local, " + n + " each)";
        SampleWorld world = new SampleWorld(stack, report);
        world.create();
        Map<String, String> env = stack.environment("LookupFunction");
        LookupFunction handler = Env.hosting(Env.of(env), LookupFunction::new);
        byte[] event = Files.readAllBytes(SampleWorld.pickSample(stack.root, "LookupFunction"));

        DynamoDbClient bare = DynamoDbClient.builder().region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build())
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB"))).build();
        // Exactly the read the handler makes: the number with its copy of the agent (projected, consistent).
        GetItemRequest numberRead = GetItemRequest.builder()
                .tableName(env.getOrDefault("NUMBERS_TABLE", "NumbersTable"))
                .key(Map.of("phone_number", AttributeValue.fromS(SampleWorld.PHONE))).consistentRead(true)
                .projectionExpression("#o, #a, #s, #rn, #rc, #ra, #rv")
                .expressionAttributeNames(Map.of("#o", "owner_id", "#a", "agent_id", "#s", "status",
                        "#rn", "route_name", "#rc", "route_config", "#ra", "route_active", "#rv", "route_version"))
                .build();

        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        PrintStream console = System.out;
        // The handler logs a line per request to standard output, as in Lambda; here it goes nowhere instead of to
        // the terminal (the line is still built and written).
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
        com.arkenos.telephony.core.log.Log.stdout(true);
        long[] fn = new long[n];
        long[] base = new long[n];
        try {
            int warmup = Math.max(2000, n / 5);
            for (int i = -warmup; i < n; i++) {
                boolean fnFirst = (i & 1) == 0;
                long a = 0;
                long b = 0;
                for (int k = 0; k < 2; k++) {
                    long t0 = System.nanoTime();
                    if ((k == 0) == fnFirst) {
                        out.reset();
                        handler.handleRequest(new ByteArrayInputStream(event), out, null);
                        a = System.nanoTime() - t0;
                    } else {
                        bare.getItem(numberRead).item();
                        b = System.nanoTime() - t0;
                    }
                }
                if (i >= 0) {
                    fn[i] = a;
                    base[i] = b;
                }
            }
        } finally {
            com.arkenos.telephony.core.log.Log.stdout(false);
            System.setOut(console);
            bare.close();
        }
        String answer = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (!answer.contains("\"statusCode\":200")) {
            report.note(section, "the handler did not answer 200: " + answer);
        }
        double fp50 = Stats.percentile(fn, 50) / 1000.0;
        double fp99 = Stats.percentile(fn, 99) / 1000.0;
        double bp50 = Stats.percentile(base, 50) / 1000.0;
        double bp99 = Stats.percentile(base, 99) / 1000.0;
        report.add(section, "warm_lookup_us.p50", fp50, "us", null, null, "handler: parse, auth, 1 GetItem, JSON");
        report.add(section, "warm_lookup_us.p99", fp99, "us", null, null, "");
        report.add(section, "warm_getitem_us.p50", bp50, "us", null, null, "the same GetItem, bare SDK client");
        report.add(section, "warm_getitem_us.p99", bp99, "us", null, null, "");
        report.add(section, "warm_lookup_ratio.p50", fp50 / bp50, "x", "<= 1.15x", fp50 / bp50 <= 1.15, "");
        report.add(section, "warm_lookup_ratio.p99", fp99 / bp99, "x", "<= 1.15x", fp99 / bp99 <= 1.15, "");
    }
}
