package dev.herald.bench.load;

/**
 * One {@code POST /v1/events}: when it was due (open loop: its place in the schedule, however late it actually
 * went out; closed loop: when it went out), when its answer arrived, and what the answer was.
 *
 * @param status     the HTTP status, or 0 when there was no answer ({@code error} says why)
 * @param eventId    the event id of a {@code 202}, else null
 * @param firstUser  index of the first recipient; the others follow it (see {@link UserCursor})
 */
public record Sent(long scheduledNanos, long completedNanos, int status, String eventId, int firstUser, String error) {

    /** What a request's answer (or its failure) amounts to; never throws, so the driver's bookkeeping always happens. */
    static Sent of(long due, long completed, java.net.http.HttpResponse<String> response, Throwable failure, int firstUser) {
        if (failure != null) {
            return new Sent(due, completed, 0, null, firstUser, OpenLoopDriver.failureKind(failure));
        }
        if (response.statusCode() != 202) {
            return new Sent(due, completed, response.statusCode(), null, firstUser, null);
        }
        try {
            String eventId = dev.herald.bench.HeraldApi.eventId(response.body());
            if (eventId == null) {
                return new Sent(due, completed, 0, null, firstUser, "202 without eventId");
            }
            return new Sent(due, completed, 202, eventId, firstUser, null);
        } catch (RuntimeException e) {
            return new Sent(due, completed, 0, null, firstUser, "unreadable 202");
        }
    }

    public boolean accepted() {
        return status == 202 && eventId != null;
    }

    /** The error class for the report: the HTTP status, or the kind of failure. */
    public String errorKey() {
        return status != 0 ? Integer.toString(status) : error;
    }
}
