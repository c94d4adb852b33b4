package com.arkenos.local.reliability;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A DynamoDB client that fails a chosen write to SipInfraTable: the {@code occurrence}-th record of {@code resource}
 * (an UpdateItem). {@link Mode#FAIL} fails that one write, as a throttled or rejected write would; {@link Mode#DIE}
 * fails it and every later write, so the lease is never released either, as when the function is killed right after
 * the provider call.
 */
final class FaultyDynamo implements InvocationHandler {
    enum Mode { FAIL, DIE }

    private final DynamoDbClient delegate;
    private final String resource;
    private final int occurrence;
    private final Mode mode;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();

    private FaultyDynamo(DynamoDbClient delegate, String resource, int occurrence, Mode mode) {
        this.delegate = delegate;
        this.resource = resource;
        this.occurrence = occurrence;
        this.mode = mode;
    }

    static FaultyDynamo wrap(DynamoDbClient delegate, String resource, int occurrence, Mode mode) {
        return new FaultyDynamo(delegate, resource, occurrence, mode);
    }

    DynamoDbClient client() {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this);
    }

    boolean fired() {
        return fired.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object arg = args != null && args.length == 1 ? args[0] : null;
        Object request = arg;
        if (arg instanceof Consumer<?> c) {
            request = switch (method.getName()) {
                case "updateItem" -> UpdateItemRequest.builder()
                        .applyMutation((Consumer<UpdateItemRequest.Builder>) c).build();
                case "putItem" -> PutItemRequest.builder().applyMutation((Consumer<PutItemRequest.Builder>) c).build();
                case "deleteItem" -> DeleteItemRequest.builder()
                        .applyMutation((Consumer<DeleteItemRequest.Builder>) c).build();
                case "getItem" -> GetItemRequest.builder().applyMutation((Consumer<GetItemRequest.Builder>) c).build();
                default -> null;
            };
        }
        if (request instanceof UpdateItemRequest u && u.tableName().equals("SipInfraTable")
                && resource.equals(u.key().get("resource_id").s()) && seen.incrementAndGet() == occurrence) {
            fired.set(true);
            throw DynamoDbException.builder().message("injected: the record of " + resource + " was not written")
                    .statusCode(500).build();
        }
        boolean write = request instanceof UpdateItemRequest || request instanceof PutItemRequest
                || request instanceof DeleteItemRequest;
        if (mode == Mode.DIE && fired.get() && write) {
            throw DynamoDbException.builder().message("injected: the function is dead").statusCode(500).build();
        }
        if (arg instanceof Consumer<?>) {
            if (request instanceof UpdateItemRequest r) {
                return delegate.updateItem(r);
            } else if (request instanceof PutItemRequest r) {
                return delegate.putItem(r);
            } else if (request instanceof DeleteItemRequest r) {
                return delegate.deleteItem(r);
            } else if (request instanceof GetItemRequest r) {
                return delegate.getItem(r);
            }
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

}
