package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RealInfrastructure.class)
class AccountingApiTest {

    private static final String TOKEN = "test-internal-token-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aGrantChangesTheBalanceWithItsLedgerEntryAndOnlyTheInternalTokenMayAskForOne(TestInfrastructure infra,
            @TempDir Path state) throws Exception {
        DatabaseCoordinates db = infra.newDatabase();
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("accounting-api") + ".");
        AccountingConfig config = new AccountingConfig(
                new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1),
                new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4), state, 0, TOKEN,
                com.genpicz.common.config.OperationsConfig.anyFreePort());
        try (AccountingService service = AccountingService.start(config);
             Database database = Database.connect(config.database(), "test")) {
            Accounts accounts = new Accounts(database.jdbi());
            String account = accounts.create(5);
            String base = "http://127.0.0.1:" + service.apiPort() + "/internal/v1/accounts/";

            String promo = "{\"amount\": 100, \"reason\": \"promo\", \"grant_id\": \"g-1\"}";
            HttpResponse<String> granted = post(base + account + "/grants", TOKEN, promo);
            HttpResponse<String> retried = post(base + account + "/grants", TOKEN, promo);
            HttpResponse<String> takenBack = post(base + account + "/grants", TOKEN,
                    "{\"amount\": -200, \"reason\": \"x\", \"grant_id\": \"g-2\"}");

            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(granted.body()).contains("\"credits\":105");
            assertThat(retried.body()).as("the same grant id again").contains("\"credits\":105");
            assertThat(takenBack.body()).contains("\"credits\":0");
            assertThat(accounts.balance(account)).isZero();
            String ledger = database.jdbi().withHandle(handle -> handle.createQuery(
                            "select string_agg(amount::text, ',' order by id) from credit_ledger where account_id = :a")
                    .bind("a", account).mapTo(String.class).one());
            // The take-back stops at zero, and the ledger says what was taken, so it still sums to the balance
            // (5 came with the test account, outside the ledger).
            assertThat(ledger).isEqualTo("100,-105");
            assertThat(post(base + account + "/grants", "wrong-token", "{\"amount\": 1, \"reason\": \"x\", \"grant_id\": \"g-3\"}")
                    .statusCode()).isEqualTo(401);
            assertThat(post(base + "acct_missing0000000/grants", TOKEN,
                    "{\"amount\": 1, \"reason\": \"x\", \"grant_id\": \"g-4\"}")
                    .statusCode()).isEqualTo(404);
            assertThat(post(base + account + "/grants", TOKEN, "{\"amount\": \"lots\"}").statusCode()).isEqualTo(400);
        }
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
