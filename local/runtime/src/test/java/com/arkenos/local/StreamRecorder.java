package com.arkenos.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** StreamPollerTest's function: records the stream records it accepts, fails a batch holding a "poison" item. */
public class StreamRecorder implements RequestStreamHandler {
    static final List<JsonNode> ACCEPTED = new CopyOnWriteArrayList<>();
    static final List<Integer> FAILED_BATCH_SIZES = new CopyOnWriteArrayList<>();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = new ObjectMapper().readTree(input.readAllBytes());
        for (JsonNode r : event.get("Records")) {
            if ("poison".equals(r.at("/dynamodb/NewImage/kind/S").asText())) {
                FAILED_BATCH_SIZES.add(event.get("Records").size());
                throw new IllegalStateException("poison record " + r.at("/dynamodb/Keys/id/S").asText());
            }
        }
        event.get("Records").forEach(ACCEPTED::add);
        output.write("{}".getBytes());
    }
}
