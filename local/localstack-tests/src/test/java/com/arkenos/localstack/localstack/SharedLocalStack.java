package com.arkenos.localstack.localstack;

import com.arkenos.devkit.dynamo.LocalDynamoDb;
import com.arkenos.devkit.template.SamTemplate;
import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * One LocalStack container per test JVM, started on first use (never in a static initialiser or {@code @BeforeAll}:
 * see {@code DockerCondition}), shared by every LocalStack test class, and stopped gracefully at JVM exit so that
 * LocalStack removes the Lambda containers it started.
 *
 * <p>Networking, which is what makes Step Functions -> Lambda -> sandboxes work:
 * <ul>
 *   <li>LocalStack runs Lambda functions in sibling containers through the Docker socket (the Testcontainers module
 *       mounts it) on LocalStack's own Docker network, so the functions reach LocalStack at its address on that
 *       network ({@link #addressForLambdas()}), not at the port mapped to this JVM.</li>
 *   <li>The Twilio and LiveKit sandboxes listen on this JVM's loopback. {@code withAccessToHost(true)} and
 *       {@code Testcontainers.exposeHostPorts} tunnel such ports through Testcontainers' SSH side container, which
 *       sits on the same network; {@link #hostAddressForLambdas()} is its address, valid from every container there
 *       (the Lambda containers do not get the {@code host.testcontainers.internal} name, only LocalStack does).</li>
 * </ul>
 */
public final class SharedLocalStack {
    /** LocalStack's single edge port inside its network. */
    public static final int EDGE_PORT = 4566;
    private static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    private static LocalStackContainer container;
    private static DynamoDbClient dynamo;

    private SharedLocalStack() {
    }

    public static synchronized LocalStackContainer container() {
        if (container == null) {
            LocalStackContainer c = new LocalStackContainer(DockerImageName.parse(image())
                    .asCompatibleSubstituteFor("localstack/localstack"))
                    .withAccessToHost(true)
                    // Java 21 Lambda containers: the first invocation also pulls the runtime image.
                    .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "180")
                    // template.yaml asks for arm64; the bytecode runs anywhere, so do not emulate on x86 hosts.
                    .withEnv("LAMBDA_IGNORE_ARCHITECTURE", "1")
                    .withStartupTimeout(Duration.ofMinutes(3));
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                // Images after 4.14.0 refuse to start without one; 4.14.0 ignores it.
                c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(c), "localstack-stop"));
            container = c;
        }
        return container;
    }

    /** The image, pinned in the module's pom and overridable with -Dlocalstack.image=... */
    public static String image() {
        return System.getProperty("localstack.image", DEFAULT_IMAGE);
    }

    /** A DynamoDB client on LocalStack whose endpoint has template.yaml's tables (created once). */
    public static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            DynamoDbClient client = configure(DynamoDbClient.builder()).build();
            LocalDynamoDb.createTables(client, SamTemplate.find());
            dynamo = client;
        }
        return dynamo;
    }

    public static LambdaClient lambda() {
        return configure(LambdaClient.builder()).build();
    }

    public static SfnClient stepFunctions() {
        return configure(SfnClient.builder()).build();
    }

    public static SecretsManagerClient secrets() {
        return configure(SecretsManagerClient.builder()).build();
    }

    public static S3Client s3() {
        // LocalStack serves buckets by path; virtual-host style would need DNS for <bucket>.localhost. Checksums
        // only where S3 requires them: the default trailing checksums over plain HTTP are a needless risk here.
        return configure(S3Client.builder()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
    }

    public static String region() {
        return container().getRegion();
    }

    /** LocalStack's default account id: the one its ARNs carry. */
    public static String account() {
        return "000000000000";
    }

    /** LocalStack's base URL as seen from containers on its network, such as the Lambda functions it runs. */
    public static String addressForLambdas() {
        Map<String, ContainerNetwork> networks = container().getContainerInfo().getNetworkSettings().getNetworks();
        ContainerNetwork network = networks.values().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("LocalStack is on no Docker network: " + networks));
        return "http://" + network.getIpAddress() + ":" + EDGE_PORT;
    }

    /**
     * The address at which containers on LocalStack's network reach ports of this JVM exposed with
     * {@code Testcontainers.exposeHostPorts}: the SSH tunnel container's address, read from the hosts file
     * Testcontainers gave LocalStack.
     */
    public static String hostAddressForLambdas() {
        try {
            Container.ExecResult hosts = container().execInContainer("cat", "/etc/hosts");
            for (String line : hosts.getStdout().split("\n")) {
                String[] fields = line.trim().split("\\s+");
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].equals("host.testcontainers.internal")) {
                        return fields[0];
                    }
                }
            }
            throw new IllegalStateException("no host.testcontainers.internal in LocalStack's /etc/hosts:\n"
                    + hosts.getStdout());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read LocalStack's /etc/hosts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        LocalStackContainer c = container();
        return builder.endpointOverride(c.getEndpoint())
                .region(Region.of(c.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey())))
                // Two minutes per call: StartExecution and Invoke are quick, but CreateFunction uploads a large jar.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofMinutes(2)));
    }

    /**
     * {@code docker stop} (SIGTERM, then a grace period) instead of the kill Testcontainers would use, so that
     * LocalStack shuts down the Lambda containers it started rather than leaving them behind. The grace period stays
     * well inside Surefire's 30 s wait for a forked JVM to exit. (The Testcontainers module also labels those
     * containers with the session id, so Ryuk removes any that a hard kill leaves.)
     */
    private static void stopGracefully(LocalStackContainer c) {
        try {
            DockerClientFactory.lazyClient().stopContainerCmd(c.getContainerId()).withTimeout(15).exec();
        } catch (RuntimeException e) {
            // already gone, or Docker went away first: the kill below (or Ryuk) is the fallback
        }
        c.stop();
    }
}
