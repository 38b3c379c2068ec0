package com.genpicz.ingress.http;

import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.usage.CreditUsageView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** {@code /v1/styles}, {@code /v1/account}, and the public style example images. */
final class AccountRoutes {

    private final AccountStore accounts;
    private final GenerationStore generations;
    private final CreditUsageView creditUsage;
    private final Clock clock;

    AccountRoutes(AccountStore accounts, GenerationStore generations, CreditUsageView creditUsage, Clock clock) {
        this.accounts = accounts;
        this.generations = generations;
        this.creditUsage = creditUsage;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/styles", this::styles);
        routes.get("/v1/account", this::account);
        routes.get("/styles/{file}", this::styleExample);
    }

    private void styles(Context ctx) {
        String base = ctx.scheme() + "://" + ctx.host();
        Json.respond(ctx, 200, new StylePage("list", StyleCatalog.all().stream()
                .map(style -> new StyleResponse(style.id(), style.name(), style.description(),
                        base + "/styles/" + style.id() + ".png"))
                .toList()));
    }

    /**
     * Generation counts come from ingress's own generations (a generation accepted a moment ago shows at once, as
     * it does at {@code GET /v1/generations/{id}}); credits are accounting's, from its usage projection.
     */
    private void account(Context ctx) {
        Account account = accounts.find(ApiServer.caller(ctx).accountId())
                .orElseThrow(() -> new NotFoundException("The account no longer exists."));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        ZonedDateTime periodStart = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC);
        GenerationStore.Usage usage = generations.usage(account.id(), periodStart.toInstant());
        Json.respond(ctx, 200, new AccountResponse(account.id(), account.email(), account.plan().id(),
                account.credits(), account.requestsPerMinute(), account.webhookSecret(),
                new UsageResponse(periodStart.toInstant().toString(), periodStart.plusMonths(1).toInstant().toString(),
                        usage.generations(), usage.completed(), usage.failed(), usage.inProgress(),
                        creditUsage.creditsUsed(account.id(), YearMonth.from(today)))));
    }

    /** Example images are public, like generated images, so that dashboards can show them without a key. */
    private void styleExample(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        String id = file.endsWith(".png") ? file.substring(0, file.length() - 4) : "";
        if (StyleCatalog.find(id).isEmpty()) {
            throw new NotFoundException("No style example '" + file + "'.");
        }
        try (InputStream png = AccountRoutes.class.getResourceAsStream("/styles/" + id + ".png")) {
            if (png == null) {
                throw new NotFoundException("No example image for style '" + id + "'.");
            }
            ctx.contentType("image/png").header("Cache-Control", "public, max-age=86400").result(png.readAllBytes());
        }
    }

    record StyleResponse(String id, String name, String description, String exampleUrl) {
    }

    record StylePage(String object, List<StyleResponse> data) {
    }

    record UsageResponse(String periodStart, String periodEnd, long generations, long completed, long failed,
                         long inProgress, long creditsUsed) {
    }

    record AccountResponse(String accountId, String email, String plan, long credits, int rateLimitPerMinute,
                           String webhookSecret, UsageResponse usage) {
    }
}
