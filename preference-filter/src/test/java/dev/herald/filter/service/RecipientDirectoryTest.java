package dev.herald.filter.service;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lookup cache against changes written straight to PostgreSQL, as another replica (or an operator) would: the
 * triggers' NOTIFY must reach this replica and drop the entry.
 */
@QuarkusTest
class RecipientDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RecipientDirectory directory;

    @Inject
    CategoryCatalog catalog;

    @Inject
    Pool pool;

    private Map<String, Recipient> find(String userId) {
        return directory.find("default", List.of(userId)).await().atMost(WAIT);
    }

    /**
     * Looks the user up until the lookup is cached: the notification of the user's own creation may arrive just after
     * the first lookup and drop it, as it should.
     */
    private void awaitCached(String userId) {
        await().atMost(WAIT).until(() -> {
            find(userId);
            return directory.cached("default", userId);
        });
    }

    private void sql(String statement, Object... parameters) {
        pool.preparedQuery(statement).execute(Tuple.from(parameters)).await().atMost(WAIT);
    }

    @Test
    void aContactPointChangedByAnotherReplicaIsReadAfresh() {
        String userId = uniqueUserId("cache");
        asDefaultTenant().body("{\"email\": \"before@example.com\"}").put("/v1/users/{id}", userId).then().statusCode(201);
        assertThat(find(userId).get(userId).user().email()).isEqualTo("before@example.com");
        awaitCached(userId);

        sql("UPDATE preference.users SET email = 'after@example.com' WHERE tenant = 'default' AND user_id = $1", userId);

        await().atMost(WAIT).until(() -> !directory.cached("default", userId));
        assertThat(find(userId).get(userId).user().email()).isEqualTo("after@example.com");
    }

    @Test
    void anOptOutStoredByAnotherReplicaIsReadAfresh() {
        String userId = uniqueUserId("cache");
        asDefaultTenant().body("{\"email\": \"optout@example.com\"}").put("/v1/users/{id}", userId).then().statusCode(201);
        awaitCached(userId);

        sql("INSERT INTO preference.preferences (tenant, user_id, channels) VALUES ('default', $1, '{\"email\": false}')", userId);

        await().atMost(WAIT).until(() -> !directory.cached("default", userId));
        assertThat(find(userId).get(userId).preferences().channelEnabled(dev.herald.common.contract.Channel.EMAIL)).isFalse();
    }

    @Test
    void anUnknownUserIsCachedAsUnknownUntilCreated() {
        String userId = uniqueUserId("cache");
        assertThat(find(userId)).isEmpty();
        awaitCached(userId);

        sql("INSERT INTO preference.users (tenant, user_id, email) VALUES ('default', $1, 'late@example.com')", userId);

        await().atMost(WAIT).until(() -> !directory.cached("default", userId));
        assertThat(find(userId)).containsKey(userId);
    }

    @Test
    void aSuppressionAddedElsewhereDropsTheUsersWhoHaveThatAddress() {
        String userId = uniqueUserId("cache");
        String email = userId.toLowerCase() + "@example.com";
        asDefaultTenant().body("{\"email\": \"" + email + "\"}").put("/v1/users/{id}", userId).then().statusCode(201);
        awaitCached(userId);

        sql("INSERT INTO preference.suppressions (tenant, channel, address, reason) VALUES ('default', 'email', $1, 'hard_bounce')",
                email);

        await().atMost(WAIT).until(() -> !directory.cached("default", userId));
        assertThat(find(userId).get(userId).suppressionReason(dev.herald.common.contract.Channel.EMAIL)).contains("hard_bounce");
    }

    @Test
    void aCategoryChangedElsewhereIsReadAfresh() {
        String category = "cached-" + uniqueUserId("c").toLowerCase();
        assertThat(catalog.of("default").await().atMost(WAIT).find(category)).isEmpty();

        sql("INSERT INTO preference.category_defaults (tenant, category, critical) VALUES ('default', $1, true)", category);

        await().atMost(WAIT).until(() -> catalog.of("default").await().atMost(WAIT).critical(category));
    }
}
