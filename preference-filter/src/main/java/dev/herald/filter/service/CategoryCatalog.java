package dev.herald.filter.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.CategoryRepository;
import dev.herald.filter.repository.ChangeFeed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Each tenant's categories, cached and invalidated like {@link RecipientDirectory}. */
@ApplicationScoped
public class CategoryCatalog implements ChangeFeed.Listener {

    private final CategoryRepository categories;
    private final ChangeFeed feed;
    private final boolean enabled;
    private final Cache<String, TenantCategories> cache;

    CategoryCatalog(CategoryRepository categories, ChangeFeed feed, FilterConfig config) {
        this.categories = categories;
        this.feed = feed;
        this.enabled = config.cache().enabled();
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(config.cache().expireAfterWrite())
                .build();
        feed.register(this);
    }

    public Uni<TenantCategories> of(String tenant) {
        if (!enabled || !feed.live()) {
            return categories.findAll(tenant);
        }
        TenantCategories cached = cache.getIfPresent(tenant);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long generation = feed.generation();
        return categories.findAll(tenant).invoke(read -> {
            cache.put(tenant, read);
            if (feed.generation() != generation) {
                cache.invalidate(tenant);
            }
        });
    }

    @Override
    public void changed(ChangeFeed.Change change) {
        if (change.kind() == ChangeFeed.Change.Kind.CATEGORY) {
            cache.invalidate(change.tenant());
        }
    }

    @Override
    public void reset() {
        cache.invalidateAll();
    }
}
