package com.arkenos.devkit.livekit;

/**
 * One webhook POST the sandbox made: the event name and id, the exact body and {@code Authorization} header it sent,
 * and the receiver's HTTP status ({@code -1} when no response came, with {@code error} saying why).
 */
public record WebhookDelivery(String event, String eventId, String body, String authorization, int status,
                              String error) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
