package com.arkenos.telephony.providers.livekit;

import retrofit2.Converter;
import retrofit2.Response;
import retrofit2.Retrofit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The few OkHttp and Retrofit calls the gateway needs that Maven does not let this module compile against.
 *
 * <p>Why reflection: okhttp 5 publishes its classes in {@code okhttp-jvm}; the {@code okhttp} pom Retrofit depends on
 * is Kotlin-multiplatform metadata, so {@code okhttp-jvm} reaches this module only at runtime scope (through the
 * SDK's logging-interceptor), as does the SDK's {@code converter-protobuf}. Both are on the runtime classpath and in
 * the shaded jar. Declaring {@code com.squareup.okhttp3:okhttp-jvm} and
 * {@code com.squareup.retrofit2:converter-protobuf} as compile dependencies of this module would turn each method here
 * into a direct call.
 */
final class OkHttpBridge {
    private static final Class<?> CLIENT = load("okhttp3.OkHttpClient");
    private static final Class<?> CLIENT_BUILDER = load("okhttp3.OkHttpClient$Builder");
    private static final Method NEW_CLIENT_BUILDER = method(CLIENT, "newBuilder");
    private static final Method CONNECT_TIMEOUT = method(CLIENT_BUILDER, "connectTimeout", Duration.class);
    private static final Method READ_TIMEOUT = method(CLIENT_BUILDER, "readTimeout", Duration.class);
    private static final Method WRITE_TIMEOUT = method(CLIENT_BUILDER, "writeTimeout", Duration.class);
    private static final Method RETRY_ON_CONNECTION_FAILURE =
            method(CLIENT_BUILDER, "retryOnConnectionFailure", boolean.class);
    private static final Method BUILD_CLIENT = method(CLIENT_BUILDER, "build");
    private static final Method BASE_URL = method(Retrofit.Builder.class, "baseUrl", String.class);
    private static final Method USE_CLIENT = method(Retrofit.Builder.class, "client", CLIENT);
    private static final Method ERROR_BODY = method(Response.class, "errorBody");
    private static final Method BODY_STRING = method(load("okhttp3.ResponseBody"), "string");
    private static final Method REQUEST = method(retrofit2.Call.class, "request");
    private static final Converter.Factory PROTOBUF = (Converter.Factory) invoke(
            method(load("retrofit2.converter.protobuf.ProtoConverterFactory"), "create"), null);

    private OkHttpBridge() {
    }

    /** Builds the HTTP request of {@code call}, its body encoded, without sending it. */
    static void buildRequest(retrofit2.Call<?> call) {
        invoke(REQUEST, call);
    }

    /**
     * An {@code okhttp3.OkHttpClient} with these timeouts. OkHttp's silent retry on a dropped connection is off:
     * every Twirp call is a POST, and repeating CreateSIPParticipant would ring the callee twice. Retries belong to
     * the caller, who knows what is safe to repeat.
     */
    static Object newClient(Duration connect, Duration read) {
        Object builder = newBuilder();
        invoke(CONNECT_TIMEOUT, builder, connect);
        invoke(READ_TIMEOUT, builder, read);
        invoke(WRITE_TIMEOUT, builder, read);
        invoke(RETRY_ON_CONNECTION_FAILURE, builder, false);
        return invoke(BUILD_CLIENT, builder);
    }

    /** The same client (sharing its connection pool and threads) with another read timeout. */
    static Object withReadTimeout(Object client, Duration read) {
        Object builder = invoke(NEW_CLIENT_BUILDER, client);
        invoke(READ_TIMEOUT, builder, read);
        return invoke(BUILD_CLIENT, builder);
    }

    /**
     * A Retrofit implementation of one of the SDK's service interfaces, exactly as the SDK's createClient builds it.
     */
    static <T> T service(String baseUrl, Object client, Class<T> serviceInterface) {
        Retrofit.Builder builder = new Retrofit.Builder();
        invoke(BASE_URL, builder, baseUrl);
        invoke(USE_CLIENT, builder, client);
        return builder.addConverterFactory(PROTOBUF).build().create(serviceInterface);
    }

    /** The body of an unsuccessful response as text (Twirp error JSON, or whatever a proxy sent). */
    static String errorBody(Response<?> response) throws IOException {
        Object body = invoke(ERROR_BODY, response);
        if (body == null) {
            return "";
        }
        try {
            return (String) BODY_STRING.invoke(body);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("cannot read the error body", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the error body", e);
        }
    }

    private static Object newBuilder() {
        try {
            return CLIENT_BUILDER.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create an OkHttpClient.Builder", e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, true, OkHttpBridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is missing: the LiveKit SDK's runtime dependencies are not on "
                    + "the classpath", e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    type.getName() + "." + name + " is missing: unexpected OkHttp/Retrofit version", e);
        }
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(method.getName() + " failed", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method.getName() + " is not accessible", e);
        }
    }
}
