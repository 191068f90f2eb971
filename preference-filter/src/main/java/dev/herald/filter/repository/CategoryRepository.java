package dev.herald.filter.repository;

import dev.herald.filter.service.CategoryDefault;
import dev.herald.filter.service.TenantCategories;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tenant's category catalog in {@code preference.category_defaults}. */
@ApplicationScoped
public class CategoryRepository {

    private final Pool pool;

    CategoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates or replaces the category; true when it was created. */
    public Uni<Boolean> save(String tenant, CategoryDefault category) {
        return pool.preparedQuery("""
                        INSERT INTO preference.category_defaults AS c (tenant, category, channels, critical, label, description)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (tenant, category) DO UPDATE SET
                            channels = EXCLUDED.channels, critical = EXCLUDED.critical, label = EXCLUDED.label,
                            description = EXCLUDED.description, updated_at = now()
                        RETURNING (xmax = 0) AS created""")
                .execute(Tuple.from(Arrays.asList(tenant, category.category(),
                        PreferencesRepository.toJson(category.channels()), category.critical(), category.label(),
                        category.description())))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** Every category of the tenant, in name order. */
    public Uni<TenantCategories> findAll(String tenant) {
        return pool.preparedQuery("""
                        SELECT category, channels, critical, label, description FROM preference.category_defaults
                         WHERE tenant = $1 ORDER BY category""")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    Map<String, CategoryDefault> categories = new LinkedHashMap<>();
                    for (Row row : rows) {
                        CategoryDefault category = category(row);
                        categories.put(category.category(), category);
                    }
                    return new TenantCategories(categories);
                });
    }

    /** Deletes the category; false when there was none. */
    public Uni<Boolean> delete(String tenant, String category) {
        return pool.preparedQuery("DELETE FROM preference.category_defaults WHERE tenant = $1 AND category = $2")
                .execute(Tuple.of(tenant, category))
                .map(rows -> rows.rowCount() > 0);
    }

    private static CategoryDefault category(Row row) {
        return new CategoryDefault(row.getString("category"),
                PreferencesRepository.channels(PreferencesRepository.json(row, "channels")),
                row.getBoolean("critical"), row.getString("label"), row.getString("description"));
    }
}
