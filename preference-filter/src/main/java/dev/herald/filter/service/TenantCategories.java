package dev.herald.filter.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A tenant's category catalog: its categories with their defaults, by name, in name order. */
public record TenantCategories(Map<String, CategoryDefault> byName) {

    public static final TenantCategories NONE = new TenantCategories(Map.of());

    public TenantCategories {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public Optional<CategoryDefault> find(String category) {
        return category == null ? Optional.empty() : Optional.ofNullable(byName.get(category));
    }

    /** Whether events of {@code category} are critical because the tenant made the category so. */
    public boolean critical(String category) {
        return find(category).map(CategoryDefault::critical).orElse(false);
    }
}
