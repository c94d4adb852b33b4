package com.arkenos.telephony.core.store;

import java.util.List;

/** One page of a listing and the opaque cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, String nextCursor) {
}
