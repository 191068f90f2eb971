package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Caller;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.Names;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.repository.CategoryRepository;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.service.CategoryDefault;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller's tenant's categories: which channels each uses by default, whether it is critical, and how the
 * settings page names it. Users' own choices override the defaults; critical categories cannot be switched off.
 */
@Path("/v1/tenant/categories")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {

    static final int MAX_LABEL = 100;
    static final int MAX_DESCRIPTION = 500;
    private static final Set<String> FIELDS = Set.of("channels", "critical", "label", "description");

    private final CategoryRepository categories;
    private final ChangeFeed feed;
    private final Caller caller;

    CategoryResource(CategoryRepository categories, ChangeFeed feed, Caller caller) {
        this.categories = categories;
        this.feed = feed;
        this.caller = caller;
    }

    /** A category as the API shows it: every channel's default, stated or not. */
    public record CategoryView(String category, Map<String, Boolean> channels, boolean critical, String label,
            String description) {

        static CategoryView of(CategoryDefault category) {
            Map<String, Boolean> channels = new LinkedHashMap<>();
            for (Channel channel : Channel.values()) {
                channels.put(channel.wireName(), category.channelEnabled(channel));
            }
            return new CategoryView(category.category(), channels, category.critical(), category.label(),
                    category.description());
        }
    }

    public record CategoryList(List<CategoryView> categories) {
    }

    @GET
    public Uni<CategoryList> list() {
        return categories.findAll(caller.tenant()).map(found -> new CategoryList(
                found.byName().values().stream().map(CategoryView::of).toList()));
    }

    @GET
    @Path("{category}")
    public Uni<CategoryView> get(@PathParam("category") String category) {
        requireName(category);
        return categories.findAll(caller.tenant()).map(found -> found.find(category).map(CategoryView::of)
                .orElseThrow(() -> notFound(category)));
    }

    /** Creates (201) or replaces (200) the category as a whole: channels left out are on, critical is false. */
    @PUT
    @Path("{category}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("category") String category, JsonNode body, UriInfo uri) {
        CategoryDefault requested = read(requireName(category), body);
        String tenant = caller.tenant();
        return categories.save(tenant, requested)
                .invoke(created -> feed.changedHere(ChangeFeed.Change.category(tenant)))
                .map(created -> (created ? Response.created(uri.getRequestUri()) : Response.ok())
                        .entity(CategoryView.of(requested)).build());
    }

    @DELETE
    @Path("{category}")
    public Uni<Response> delete(@PathParam("category") String category) {
        requireName(category);
        String tenant = caller.tenant();
        return categories.delete(tenant, category).map(deleted -> {
            if (!deleted) {
                throw notFound(category);
            }
            feed.changedHere(ChangeFeed.Change.category(tenant));
            return Response.noContent().build();
        });
    }

    static CategoryDefault read(String category, JsonNode body) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, FIELDS, "");
        Map<Channel, Boolean> channels = PreferencesRequestReader.switches(body.get("channels"), "channels", errors);
        boolean critical = PreferencesRequestReader.optionalBoolean(body, "critical", errors).orElse(false);
        String label = bounded(errors, body, "label", MAX_LABEL);
        String description = bounded(errors, body, "description", MAX_DESCRIPTION);
        errors.throwIfAny();
        return new CategoryDefault(category, channels, critical, label, description);
    }

    private static String bounded(FieldErrors errors, JsonNode body, String name, int max) {
        String value = errors.optionalString(body, name, name);
        if (value != null && (value.isBlank() || value.length() > max)) {
            errors.add(name, "must be 1 to " + max + " characters");
            return null;
        }
        return value == null ? null : value.strip();
    }

    private static String requireName(String category) {
        if (category == null || !Names.NAME.matcher(category).matches()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("category", Names.NAME_RULE)));
        }
        return category;
    }

    private static ProblemException notFound(String category) {
        return ProblemException.notFound("There is no category '" + category + "'; create it with PUT /v1/tenant/categories/"
                + category + ".");
    }
}
