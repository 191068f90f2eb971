package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.repository.Keyset;
import dev.herald.tracker.repository.NotificationQuery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Validates the query parameters of {@code GET /v1/notifications}; every offending one is reported at once. */
final class ListingParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private ListingParameters() {
    }

    /** The query these parameters ask for, or a 400 problem listing every invalid parameter. Blank means absent. */
    static NotificationQuery parse(String tenant, String userId, String eventId, String channel, String state,
            String limit, String cursor) {
        List<Problem.FieldError> errors = new ArrayList<>();

        UUID event = null;
        if (present(eventId)) {
            event = Identifiers.parse(eventId.trim()).orElse(null);
            if (event == null) {
                errors.add(new Problem.FieldError("eventId", "must be a UUID"));
            }
        }
        Channel parsedChannel = null;
        if (present(channel)) {
            parsedChannel = Channel.parse(channel.trim()).orElse(null);
            if (parsedChannel == null) {
                errors.add(new Problem.FieldError("channel", "must be one of " + Arrays.stream(Channel.values())
                        .map(Channel::wireName).collect(Collectors.joining(", "))));
            }
        }
        NotificationState parsedState = null;
        if (present(state)) {
            parsedState = Arrays.stream(NotificationState.values())
                    .filter(candidate -> candidate.wireName().equals(state.trim())).findFirst().orElse(null);
            if (parsedState == null) {
                errors.add(new Problem.FieldError("state", "must be one of " + Arrays.stream(NotificationState.values())
                        .map(NotificationState::wireName).collect(Collectors.joining(", "))));
            }
        }
        int parsedLimit = DEFAULT_LIMIT;
        if (present(limit)) {
            try {
                parsedLimit = Integer.parseInt(limit.trim());
                if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                    errors.add(new Problem.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("limit", "must be an integer between 1 and " + MAX_LIMIT));
            }
        }
        Keyset after = null;
        if (present(cursor)) {
            after = PageCursor.decode(cursor.trim()).orElse(null);
            if (after == null) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned as nextCursor"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new NotificationQuery(tenant, present(userId) ? userId : null, event, parsedChannel,
                parsedState, after, parsedLimit);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
