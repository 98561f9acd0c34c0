package se.relaybridge.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.relaybridge.board.HeadlessChromium;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API against the real WAR in Payara Micro: logins and roles, RFC 7807 problems, and relay profiles
 * reloaded on an operator's request while the file watch is off, proven by the metadata of a real SIPp call.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT implements RoutingScenarios {

    private static final Path PROFILE = AdminConfig.DEPLOYED_DIR.resolve("relay-profiles/texttelefoni.json");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-admin")
    static WebArchive war() {
        AdminConfig.write(AdminConfig.DEPLOYED_DIR);
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("relaybridge.war")));
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + AdminConfig.SIP_PORT;
    }

    @Override
    public void awaitAnswering(int port) {
        Health.awaitTargetAnswering(base, AdminConfig.DEPLOYED_DIR.resolve("sip-config/queues.json"), port, Duration.ofSeconds(1));
    }

    @Override
    public int queuePort() {
        return AdminConfig.QUEUE_PORT;
    }

    @Override
    public int queuePortOf(String queue) {
        return RoutingConfig.port(AdminConfig.QUEUE_PORT, queue);
    }

    @Override
    public int activeCalls() {
        return Health.ready(base).activeCalls();
    }

    private AdminClient ops() {
        return AdminClient.anonymous(base).as(AdminConfig.OPS, AdminConfig.OPS_PASSWORD);
    }

    private AdminClient viewer() {
        return AdminClient.anonymous(base).as(AdminConfig.VIEWER, AdminConfig.VIEWER_PASSWORD);
    }

    @Test
    void withoutALoginTheApiAnswers401WithABasicChallenge() {
        AdminClient.Reply reply = AdminClient.anonymous(base).get("profiles");

        assertProblem(reply, 401, "log in with HTTP Basic");
        assertThat(reply.wwwAuthenticate()).isEqualTo("Basic realm=\"relaybridge\", charset=\"UTF-8\"");
    }

    @Test
    void aWrongPasswordIs401() {
        assertProblem(AdminClient.anonymous(base).as(AdminConfig.OPS, "not-the-password").get("profiles"), 401,
                "log in with HTTP Basic");
    }

    @Test
    void aViewerSeesTheProfilesInForce() {
        AdminClient.Reply reply = viewer().get("profiles");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().getJsonArray("profiles").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getString("id"))).containsExactly("bildtelefoni", "teletal", "texttelefoni");
        assertThat(viewer().get("profiles/bildtelefoni").json().getString("service")).isEqualTo("video");
    }

    @Test
    void anUnknownProfileIsAProblem404() {
        assertProblem(viewer().get("profiles/nosuch"), 404, "no relay profile 'nosuch' is in force");
    }

    @Test
    void aViewerMayNotReload() {
        assertProblem(viewer().post("profiles/reload", ""), 403, "'teamlead' is a viewer; changes need the ops role");
    }

    @Test
    @Order(1)
    void aChangedProfileIsTakenOnlyWhenOpsAsksAndReachesTheNextCall() throws IOException {
        Files.writeString(PROFILE, Files.readString(PROFILE).replace("\"Texttelefoni.se\"", "\"Texttelefoni.se Väst\""));
        assertThat(viewer().get("profiles/texttelefoni").json().getString("name"))
                .as("the file watch is off: nothing changes before the request").isEqualTo("Texttelefoni.se");

        AdminClient.Reply reload = ops().post("profiles/reload", "");

        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        assertThat(reload.json().getJsonArray("changed").getString(0)).isEqualTo("texttelefoni");
        assertThat(reload.json().getJsonArray("problems")).isEmpty();
        assertThat(textRelayCall().getJsonObject("provider").getString("name")).isEqualTo("Texttelefoni.se Väst");
    }

    @Test
    @Order(2)
    void aBrokenProfileIsNamedByFileAndFieldAndTheLastGoodOneKeepsServing() throws IOException {
        Files.writeString(PROFILE, Files.readString(PROFILE).replace("127.0.0.11/32", "127.0.0.300/32"));

        AdminClient.Reply reload = ops().post("profiles/reload", "");

        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        JsonObject problem = reload.json().getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("file")).isEqualTo("relay-profiles/texttelefoni.json");
        assertThat(problem.getString("field")).isEqualTo("trunk.sources[0]");
        assertThat(problem.getString("message")).isEqualTo("relay-profiles/texttelefoni.json: trunk.sources[0]: "
                + "'127.0.0.300/32' is not an address block such as 192.0.2.10/32");
        assertThat(reload.json().getJsonArray("keptLastGood").getString(0)).isEqualTo("texttelefoni");
        assertThat(ops().get("profiles").json().getJsonArray("problems")).hasSize(1);
        assertThat(textRelayCall().getJsonObject("provider").getString("name")).isEqualTo("Texttelefoni.se Väst");
    }

    private static final String NEW_TRUNK = "127.0.0.14";
    private static final String NEW_PROFILE = """
            { "id": "relaytest", "name": "Relay test", "service": "text",
              "trunk": { "sources": ["127.0.0.14/32"], "transports": ["udp"] } }
            """;

    @Test
    @Order(3)
    void aProfileCreatedThroughTheApiTakesCallsAtOnceAndADeletedOneNoLonger() {
        assertThat(ops().post("profiles/relaytest/validate", NEW_PROFILE).json().getBoolean("valid")).isTrue();

        AdminClient.Reply created = ops().put("profiles/relaytest", NEW_PROFILE);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getString("service")).isEqualTo("text");
        assertThat(textRelayCallFrom(NEW_TRUNK).getJsonObject("provider").getString("id")).isEqualTo("relaytest");
        assertThat(ops().put("profiles/relaytest", NEW_PROFILE.replace("Relay test", "Relay test 2")).status())
                .isEqualTo(200);

        assertThat(ops().delete("profiles/relaytest").status()).isEqualTo(204);

        SippPeer refused = relay(NEW_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "403"));
        assertThat(refused.awaitExit(CALL_LIMIT)).as(refused.report()).isZero();
        assertProblem(ops().delete("profiles/relaytest"), 404, "no relay profile file for 'relaytest'");
    }

    @Test
    void aProfileWhoseTrunkOverlapsAnotherIsRefusedByFieldAndNothingIsWritten() {
        AdminClient.Reply reply = ops().put("profiles/clash", NEW_PROFILE.replace("relaytest", "clash")
                .replace("127.0.0.14/32", "127.0.0.11/32"));

        assertProblem(reply, 422, "relay profile 'clash' is not valid");
        JsonObject problem = reply.json().getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("file")).isEqualTo("relay-profiles/clash.json");
        assertThat(problem.getString("field")).isEqualTo("trunk.sources[0]");
        assertThat(problem.getString("message")).contains("overlaps 127.0.0.11/32 of profile 'texttelefoni'");
        assertProblem(viewer().get("profiles/clash"), 404, "no relay profile 'clash'");
    }

    @Test
    void profileChangesAreRefusedForBadInputAndForViewers() {
        assertProblem(ops().put("profiles/broken", "{ \"id\": "), 422, "(json): is not valid");
        assertProblem(ops().put("profiles/Bad_Id", NEW_PROFILE), 400, "a profile id is");
        assertProblem(ops().post("profiles/relaytest/validate", NEW_PROFILE.replace("\"text\"", "\"fax\"")), 422,
                "service");
        assertProblem(viewer().put("profiles/relaytest", NEW_PROFILE), 403, "changes need the ops role");
        assertProblem(viewer().delete("profiles/texttelefoni"), 403, "changes need the ops role");
        assertProblem(AdminClient.anonymous(base).delete("profiles/texttelefoni"), 401, "log in");
    }

    @Test
    void activeCallsAreListedWithTheirMetadataAndOpsCanHangOneUp() {
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").with("SETTLE", "")
                .withInviteHeaders("X-Relay-Municipality: 0180").withFragment("HANGUP_BLOCK", "receives_bye"));
        await().atMost(Duration.ofSeconds(5)).until(() -> viewer().get("calls").body().contains("\"CONFIRMED\""));
        JsonArray calls = viewer().get("calls").jsonArray();
        assertThat(calls).hasSize(1);
        JsonObject active = calls.getJsonObject(0);
        assertThat(active.getString("profileId")).isEqualTo("texttelefoni");
        assertThat(active.getJsonObject("relaySession").getString("interpreterId")).isEqualTo("tolk-4711");
        assertThat(active.getJsonObject("route").getString("region")).isEqualTo("01");
        String id = active.getString("callId");
        assertThat(viewer().get("calls/" + id).json().getString("state")).isEqualTo("CONFIRMED");
        assertProblem(viewer().delete("calls/" + id), 403, "changes need the ops role");

        assertThat(ops().delete("calls/" + id).status()).isEqualTo(202);

        assertCompleted(relay, nurse);
        assertNoCallLeft();
        assertProblem(ops().delete("calls/" + id), 404, "no call '" + id + "' is in progress");
    }

    /** Acceptance 2 of issue 6: the board in a real browser shows a real relay call, then its end. */
    @Test
    void theLiveBoardShowsARelayCallAndRemovesItAfterBye() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            ChromeDriver browser = chromium.driver();
            browser.get(base.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            wait.until(d -> d.findElement(By.id("login")).isDisplayed());
            browser.findElement(By.id("login-user")).sendKeys(AdminConfig.VIEWER);
            browser.findElement(By.id("login-password")).sendKeys(AdminConfig.VIEWER_PASSWORD);
            browser.findElement(By.cssSelector("#login button[type=submit]")).click();
            wait.until(d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

            SippPeer nurse = SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                    .withSdpBody("ANSWER_BODY", "sdp_answer_video_audio.txt").withFragment("HANGUP_BLOCK", "receives_bye"),
                    queueIp(), queuePortOf(RoutingConfig.VASTRA_GOTALAND), CALL_LIMIT, queueTransport());
            awaitAnswering(queuePortOf(RoutingConfig.VASTRA_GOTALAND));
            SippPeer relay = relay(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                    .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                    .withInviteHeaders("X-Relay-Municipality: 1480")
                    .with("SETTLE", "  <pause milliseconds=\"4000\"/>")
                    .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

            String row = "#active-rows tr[data-call-id]";
            wait.until(d -> chromium.texts(row + " [data-field=state]").stream().anyMatch(state -> state.contains("besvarat")));
            assertThat(chromium.texts(row + " [data-field=service]")).anySatisfy(text -> assertThat(text).contains("Video"));
            assertThat(chromium.texts(row + " [data-field=provider]")).anySatisfy(text -> assertThat(text).contains("Bildtelefoni.net"));
            assertThat(chromium.texts(row + " [data-field=interpreter]")).anySatisfy(text -> assertThat(text).contains("tolk-4711"));
            assertThat(chromium.texts(row + " [data-field=region]")).anySatisfy(text -> assertThat(text).contains("Västra Götalands län"));
            String callId = chromium.attribute(row, "data-call-id");
            chromium.screenshot("deployed-board-active");

            assertCompleted(relay, nurse);
            wait.until(d -> d.findElements(By.cssSelector("#active-rows tr[data-call-id='" + callId + "']")).isEmpty());
            wait.until(d -> !d.findElements(By.cssSelector("#recent-rows tr[data-call-id='" + callId + "']")).isEmpty());
            chromium.screenshot("deployed-board-after-bye");
        }
    }

    @Test
    @Order(4)
    void everyProfileChangeIsInTheAuditLogWithWhoAndBeforeAndAfter() {
        JsonArray entries = viewer().get("audit?subject=profile:relaytest").jsonArray();

        assertThat(entries.getValuesAs(JsonObject.class).stream().map(e -> e.getString("action")))
                .containsExactly("delete", "replace", "create");
        JsonObject replace = entries.getJsonObject(1);
        assertThat(replace.getString("who")).isEqualTo(AdminConfig.OPS);
        assertThat(replace.getString("before")).contains("\"Relay test\"");
        assertThat(replace.getString("after")).contains("\"Relay test 2\"");
        assertThat(entries.getJsonObject(0).containsKey("after")).isFalse();
        assertThat(viewer().get("audit?subject=profiles").jsonArray()).isNotEmpty();
        assertProblem(viewer().get("audit?limit=0"), 400, "limit");
    }

    @Test
    void callRecordsAreSearchedByProfileAndOutcomeAndPaged() {
        textRelayCall();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                viewer().get("records?profile=texttelefoni&outcome=completed&size=1").json().getInt("total") > 0);

        JsonObject page = viewer().get("records?profile=texttelefoni&outcome=completed&size=1").json();

        assertThat(page.getJsonArray("items")).hasSize(1);
        JsonObject record = page.getJsonArray("items").getJsonObject(0);
        assertThat(record.getString("profileId")).isEqualTo("texttelefoni");
        assertThat(record.getString("outcome")).startsWith("completed");
        assertThat(viewer().get("records/" + record.getString("callId")).json().getString("callId"))
                .isEqualTo(record.getString("callId"));
        assertProblem(viewer().get("records?size=500"), 400, "size");
        assertProblem(viewer().get("records?from=yesterday"), 400, "from");
        assertProblem(viewer().get("records/rb-0000000000000000"), 404, "no call record");
    }

    /** Acceptance 3 of issue 6: after everything above, every call has a record with its route and outcome. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyCallOfTheSuiteHasARecordWithItsRouteAndOutcome() {
        assertNoCallLeft();
        await().atMost(Duration.ofSeconds(10)).until(() -> viewer().get("records?state=in-progress").json().getInt("total") == 0);
        JsonObject all = viewer().get("records?size=200").json();
        List<JsonObject> records = all.getJsonArray("items").getValuesAs(JsonObject.class);

        assertThat(all.getInt("total")).isEqualTo(records.size()).isEqualTo(finishedCallsCountedByMetrics());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getString("state")).isEqualTo("ended");
            assertThat(r.getString("outcome")).isNotBlank();
        });
        List<JsonObject> completed = records.stream().filter(r -> r.getString("outcome").startsWith("completed")).toList();
        assertThat(completed).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getString("queue")).isNotBlank();
            assertThat(r.containsKey("answeredAt")).isTrue();
        });
        // a relay call is routed; a nurse's callback goes to the relay's callback trunk, its queue says which
        assertThat(completed).filteredOn(r -> !r.getString("queue").startsWith("callback:")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getString("routeEvidence")).isNotBlank());
        assertThat(completed).filteredOn(r -> r.getString("queue").startsWith("callback:"))
                .allSatisfy(r -> assertThat(r.getString("queue")).isEqualTo("callback:texttelefoni"));
    }

    @Test
    void theRecordsAreInTheDatabaseThisConfigurationNames() {
        String postgres = System.getenv("RELAYBRIDGE_TEST_POSTGRES_URL");
        boolean onPostgres = postgres != null && !postgres.isBlank();
        String readiness = Health.ready(base).body();
        assertThat(readiness).as("readiness without a login names no database").contains("\"database\"")
                .doesNotContain("jdbc:");
        AdminClient.Reply status = viewer().get("status");
        assertThat(status.json().getJsonObject("database").getString("url")).as("GET /api/status names it")
                .startsWith(onPostgres ? "jdbc:postgresql:" : "jdbc:h2:file:");
        if (onPostgres) {
            assertThat(status.body()).doesNotContain(System.getenv("RELAYBRIDGE_TEST_POSTGRES_PASSWORD"));
        }
    }

    private int finishedCallsCountedByMetrics() {
        String metrics = Health.fetch(URI.create(root() + "metrics")).body();
        return metrics.lines().filter(l -> l.startsWith("relaybridge_calls_total{"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static final List<String> READS = List.of("profiles", "profiles/texttelefoni", "queues", "queues/national",
            "calls", "calls/rb-0000000000000000", "board", "records", "records/rb-0000000000000000", "audit",
            "routing/explain?kommun=1480");

    @Test
    void everyEndpointNeedsALoginAndEveryChangeTheOpsRole() {
        for (String read : READS) {
            AdminClient.Reply anonymous = AdminClient.anonymous(base).get(read);
            assertThat(anonymous.status()).as("GET " + read + " without login").isEqualTo(401);
            assertThat(anonymous.wwwAuthenticate()).as(read).startsWith("Basic");
        }
        assertThat(AdminClient.anonymous(base).get("board/events").status()).as("the board's stream").isEqualTo(401);
        assertThat(viewer().get("routing/explain?kommun=1480").status()).isEqualTo(200);
        for (String change : List.of("profiles/reload", "routing/reload", "profiles/texttelefoni/validate")) {
            assertProblem(viewer().post(change, "{}"), 403, "changes need the ops role");
            assertThat(AdminClient.anonymous(base).post(change, "{}").status()).as("POST " + change).isEqualTo(401);
        }
        for (String change : List.of("profiles/texttelefoni", "calls/rb-0000000000000000")) {
            assertProblem(viewer().delete(change), 403, "changes need the ops role");
        }
        assertProblem(viewer().put("profiles/texttelefoni", "{}"), 403, "changes need the ops role");
    }

    @Test
    void aBrokenRoutingTableIsRefusedByFieldAndTheOneInForceStays() throws IOException {
        Path routing = AdminConfig.DEPLOYED_DIR.resolve("sip-config/routing.json");
        String good = Files.readString(routing);
        try {
            Files.writeString(routing, good.replace("\"nationalQueue\":\"national\"", "\"nationalQueue\":\"nowhere\""));

            AdminClient.Reply reload = ops().post("routing/reload", "");

            assertThat(reload.status()).as(reload.body()).isEqualTo(200);
            assertThat(reload.json().getBoolean("changed")).isFalse();
            JsonObject problem = reload.json().getJsonArray("problems").getJsonObject(0);
            assertThat(problem.getString("file")).isEqualTo("sip-config/routing.json");
            assertThat(problem.getString("field")).isEqualTo("nationalQueue");
            assertThat(viewer().get("routing/explain?number=%2B46701234567").json().getString("queue"))
                    .as("the table in force still routes").isEqualTo(RoutingConfig.NATIONAL);
        } finally {
            Files.writeString(routing, good);
            assertThat(ops().post("routing/reload", "").json().getJsonArray("problems")).isEmpty();
        }
        // newest first: the reload of the good file, then the refusal, each with the text before and after
        JsonArray audit = viewer().get("audit?subject=routing").jsonArray();
        assertThat(audit.getJsonObject(1).getString("action")).isEqualTo("refused");
        assertThat(audit.getJsonObject(1).getString("who")).isEqualTo(AdminConfig.OPS);
        assertThat(audit.getJsonObject(1).getString("before")).isEqualTo(good);
        assertThat(audit.getJsonObject(1).getString("after")).contains("\"nationalQueue\":\"nowhere\"");
        assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("reload");
        assertThat(audit.getJsonObject(0).getString("after")).isEqualTo(good);
    }

    /** Issue 7, acceptance 1, against the deployed WAR: the grant comes from the call records database's store. */
    @Test
    void aNurseCallsThePersonBackThroughTheRelaysCallbackTrunk() {
        JsonObject original = textRelayCall();
        String callbackUri = original.getString("callbackUri");
        assertThat(callbackUri).matches("sip:cb-[a-z2-7]{26}@127\\.0\\.0\\.1:" + AdminConfig.SIP_PORT);
        String token = callbackUri.substring(4, callbackUri.indexOf('@'));

        SippPeer trunk = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, AdminConfig.CALLBACK_TRUNK_PORT, CALL_LIMIT, "udp");
        SippPeer nurse = SippPeer.uac(Scenario.of("relay_uac_call.xml").with("REQUEST_USER", token)
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"), "127.0.0.50", 5095, relaybridge(), CALL_LIMIT);
        assertCompleted(nurse, trunk);
        assertNoCallLeft();

        assertThat(trunk.received("INVITE").startLine()).startsWith("INVITE sip:+46812345678@127.0.0.11:");
        assertThat(trunk.received("INVITE").header("X-Relay-Service")).hasValue("text");
        assertThat(SippCalls.seen(nurse, true, "SIP/2.0 200", "INVITE").get(0).header("X-Relay-Call-Id"))
                .hasValue(original.getString("callId"));
        SippPeer unknown = SippPeer.uac(Scenario.of("relay_uac_refused.xml").with("STATUS", "404")
                .with("REQUEST_USER", "cb-aaaaaaaaaaaaaaaaaaaaaaaaaa"), "127.0.0.50", 5095, relaybridge(), CALL_LIMIT);
        assertThat(unknown.awaitExit(CALL_LIMIT)).as(unknown.report()).isZero();
    }

    /**
     * Issue 7, acceptance 2, against the deployed WAR: a callback scheduled through the API for a call made here fires
     * by itself a few seconds later — the nurse (SIPp at 127.0.0.60) gets an INVITE without SDP, the relay's callback
     * trunk one with her offer, she gets its answer in the ACK — and the API says it is done; bad requests are problems.
     */
    @Test
    void aScheduledCallbackCallsTheNurseThenThePersonAtItsTime() {
        String callId = textRelayCall().getString("callId");
        SippPeer nurse = SippPeer.uas(Scenario.of("nurse_uas_delayed_offer.xml").withSdpBody("OFFER_BODY",
                "sdp_nurse_offer.txt").with("ANSWER_PORT", "[1-9][0-9]*").withFragment("HANGUP_BLOCK", "uas_sends_bye"),
                "127.0.0.60", 5295, CALL_LIMIT);
        SippPeer trunk = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, AdminConfig.CALLBACK_TRUNK_PORT, CALL_LIMIT, "udp");
        String nurseUri = "sip:nurse-7@127.0.0.60:5295";

        AdminClient.Reply created = ops().post("callbacks", "{\"callId\": \"" + callId + "\", \"at\": \""
                + java.time.Instant.now().plusSeconds(3) + "\", \"nurseUri\": \"" + nurseUri + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        assertThat(created.location()).endsWith("/api/callbacks/" + id);
        assertThat(created.json().getString("state")).isEqualTo("pending");
        assertThat(created.body()).as("the grant's token is the permission to call the person").doesNotContain("cb-");

        assertCompleted(nurse, trunk);
        assertNoCallLeft();
        assertThat(nurse.received("INVITE").body()).isBlank();
        assertThat(trunk.received("INVITE").startLine()).startsWith("INVITE sip:+46812345678@127.0.0.11:");
        assertThat(trunk.received("INVITE").body()).contains("m=text 40002");
        assertThat(nurse.received("ACK").body()).contains("m=text 51374");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(viewer().get("callbacks/" + id).json().getString("state")).isEqualTo("done"));
        JsonObject done = viewer().get("callbacks/" + id).json();
        assertThat(done.getJsonArray("attempts").getJsonObject(0).getString("outcome")).isEqualTo("connected");
        assertThat(viewer().get("callbacks").jsonArray().getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("id"))).contains(id);

        String later = "\"at\": \"" + java.time.Instant.now().plusSeconds(3600) + "\"";
        assertProblem(ops().post("callbacks", "{\"callId\": "), 400, "not valid");
        assertProblem(ops().post("callbacks", "{\"callId\": \"" + callId + "\", \"at\": \"2020-01-01T00:00:00Z\","
                + " \"nurseUri\": \"" + nurseUri + "\"}"), 400, "is not in the future");
        assertProblem(ops().post("callbacks", "{\"callId\": \"" + callId + "\", \"at\": \"tomorrow\","
                + " \"nurseUri\": \"" + nurseUri + "\"}"), 400, "not an ISO-8601 instant");
        assertProblem(ops().post("callbacks", "{\"callId\": \"" + callId + "\", " + later
                + ", \"nurseUri\": \"mailto:nurse@example.se\"}"), 400, "nurseUri");
        assertProblem(ops().post("callbacks", "{\"callId\": \"rb-0000000000000000\", " + later
                + ", \"nurseUri\": \"" + nurseUri + "\"}"), 404, "has no valid callback grant");
        assertProblem(AdminClient.anonymous(base).get("callbacks"), 401, "log in with HTTP Basic");
        assertProblem(viewer().post("callbacks", "{}"), 403, "changes need the ops role");

        AdminClient.Reply pending = ops().post("callbacks", "{\"callId\": \"" + callId + "\", " + later
                + ", \"nurseUri\": \"" + nurseUri + "\"}");
        String cancelled = pending.json().getString("id");
        assertThat(ops().delete("callbacks/" + cancelled).json().getString("state")).isEqualTo("cancelled");
        assertProblem(ops().delete("callbacks/" + cancelled), 409, "cancelled already");
        assertProblem(viewer().get("callbacks/sc-nosuch"), 404, "no scheduled callback 'sc-nosuch'");
        assertThat(viewer().get("audit?subject=callback:" + cancelled).jsonArray().toString()).contains("cancel", "create");
        assertThat(Health.fetch(URI.create(root() + "openapi")).body()).contains("/callbacks/{id}");
    }

    @Test
    void queuesAreListedWithTheHealthOfEachTarget() {
        AdminClient.Reply reply = viewer().get("queues");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.jsonArray().getValuesAs(JsonObject.class).stream().map(q -> q.getString("id")))
                .containsExactly("english", "national", "other-languages", "stockholm", "vastra-gotaland");
        JsonObject national = viewer().get("queues/national").json();
        assertThat(national.getBoolean("isDefault")).isTrue();
        assertThat(national.getJsonArray("targets").getJsonObject(0).getString("uri"))
                .isEqualTo("sip:1177@127.0.0.1:" + queuePortOf(RoutingConfig.NATIONAL));
        assertProblem(viewer().get("queues/nosuch"), 404, "no queue 'nosuch'");
        assertThat(Health.ready(base).body()).contains("queue-targets", "\"stockholm 1\"")
                .as("no target address without a login").doesNotContain("sip:1177@");

        // issue 12: the health each target really has, as its pings find it
        SippPeer answering = queueTarget(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                queuePortOf(RoutingConfig.NATIONAL));
        JsonObject up = nationalTarget();
        assertThat(up.getString("health")).isEqualTo("UP");
        assertThat(up.getString("cause")).isEqualTo("OPTIONS");
        assertThat(up.getString("since")).isNotBlank();
        answering.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> nationalTarget().getString("health").equals("DOWN"));
        assertThat(nationalTarget().getString("cause")).isEqualTo("no answer to OPTIONS");
    }

    private JsonObject nationalTarget() {
        return viewer().get("queues/national").json().getJsonArray("targets").getJsonObject(0);
    }

    /** Issue 12 row 5: queues.json reloaded on request, refused by file and field, the queues in force kept, audited. */
    @Test
    void aBrokenQueuesFileIsRefusedByFieldTheQueuesInForceStayAndBothReloadsAreAudited() throws IOException {
        Path queues = AdminConfig.DEPLOYED_DIR.resolve("sip-config/queues.json");
        String good = Files.readString(queues);
        assertProblem(viewer().post("queues/reload", ""), 403, "changes need the ops role");
        try {
            Files.writeString(queues, good.replace("\"setupTimeoutSeconds\"", "\"setupTimeoutSecond\""));

            AdminClient.Reply reload = ops().post("queues/reload", "");

            assertThat(reload.status()).as(reload.body()).isEqualTo(200);
            assertThat(reload.json().getBoolean("changed")).isFalse();
            JsonObject problem = reload.json().getJsonArray("problems").getJsonObject(0);
            assertThat(problem.getString("file")).isEqualTo("sip-config/queues.json");
            assertThat(problem.getString("field")).isEqualTo("setupTimeoutSecond");
            assertThat(viewer().get("queues").jsonArray()).hasSize(5);
            textRelayCall();
        } finally {
            Files.writeString(queues, good);
            assertThat(ops().post("queues/reload", "").json().getJsonArray("problems")).isEmpty();
        }
        JsonArray audit = viewer().get("audit?subject=queues").jsonArray();
        assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("reload");
        assertThat(audit.getJsonObject(1).getString("action")).isEqualTo("refused");
        assertThat(audit.getJsonObject(1).getString("who")).isEqualTo(AdminConfig.OPS);
        assertThat(audit.getJsonObject(1).getString("before")).isEqualTo(good);
        assertThat(audit.getJsonObject(1).getString("after")).contains("\"setupTimeoutSecond\"");
    }

    @Test
    @Order(20)
    void metricsCountCallsByProfileAndOutcomeAndTheBoardRemembersThem() {
        textRelayCall();
        SippPeer stranger = relay(STRANGER, Scenario.of("relay_uac_refused.xml").with("STATUS", "403"));
        assertThat(stranger.awaitExit(CALL_LIMIT)).as(stranger.report()).isZero();

        String metrics = Health.fetch(URI.create(root() + "metrics")).body();

        assertThat(metrics).containsPattern("relaybridge_calls_total\\{[^}]*outcome=\"completed\"[^}]*profile=\"texttelefoni\"");
        assertThat(metrics).containsPattern("relaybridge_refused_calls_total\\{[^}]*reason=\"403:not-a-relay-trunk\"");
        assertThat(metrics).contains("relaybridge_active_calls", "relaybridge_setup_seconds");
        JsonObject board = viewer().get("board").json();
        assertThat(board.getJsonArray("recent").getValuesAs(JsonObject.class).stream().map(c -> c.getString("state")))
                .contains("refused", "ended");
    }

    /** Issue 7: a nurse's transfer is counted by the queue the call ended in, and the board shows where it went. */
    @Test
    void aTransferIsCountedAndTheBoardShowsTheCallsNewQueue() {
        SippPeer english = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                queueIp(), queuePortOf(RoutingConfig.ENGLISH), CALL_LIMIT, queueTransport());
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", "sip:" + RoutingConfig.ENGLISH + "@127.0.0.1:" + AdminConfig.SIP_PORT)
                .with("TRANSFER_STATUS", "200 OK").withFragment("AFTER_TRANSFER", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite").withSdpBody("REANSWER_BODY", "sdp_audio_text.txt")
                .with("SETTLE", "").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, nurse);
        assertThat(english.awaitExit(CALL_LIMIT)).as("the English queue" + english.report()).isZero();
        assertNoCallLeft();
        String callId = nurse.received("INVITE").header("X-Relay-Call-Id").orElseThrow();

        assertThat(Health.fetch(URI.create(root() + "metrics")).body())
                .containsPattern("relaybridge_transfers_total\\{[^}]*queue=\"english\"[^}]*\\} [1-9]");
        JsonObject shown = viewer().get("board").json().getJsonArray("recent").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("callId").equals(callId)).findFirst().orElseThrow();
        assertThat(shown.getString("queue")).isEqualTo(RoutingConfig.ENGLISH);
        assertThat(shown.getInt("transfers")).isEqualTo(1);
        assertThat(shown.getInt("attempts")).as("a transfer is no failover").isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminApi() {
        String openapi = Health.fetch(URI.create(root() + "openapi")).body();

        assertThat(openapi).contains("relaybridge admin API", "/profiles/{id}", "/routing/explain", "/calls/{id}");
    }

    private String root() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/";
    }

    @Test
    void explainGivesTheDecisionARealCallGets() {
        JsonObject call = callLandingIn(RoutingConfig.VASTRA_GOTALAND, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER).withInviteHeaders("X-Relay-Municipality: 1480"));

        AdminClient.Reply explained = viewer().get("routing/explain?number=%2B46812345678&kommun=1480&profile=texttelefoni");

        assertThat(explained.status()).as(explained.body()).isEqualTo(200);
        assertThat(explained.json()).isEqualTo(call);
    }

    @Test
    void explainWithAMobileNumberAndEnglishAtNightNamesItsEvidence() {
        AdminClient.Reply explained = viewer().get("routing/explain?number=%2B46701234567&language=en-GB"
                + "&at=2026-11-25T03:00&profile=bildtelefoni");

        assertThat(explained.status()).as(explained.body()).isEqualTo(200);
        JsonObject decision = explained.json();
        assertThat(decision.getString("evidence")).isEqualTo("profile-default");
        assertThat(decision.getString("region")).isEqualTo("01");
        assertThat(decision.getString("language")).isEqualToIgnoringCase("en-GB");
        assertThat(decision.getString("languageDecision")).isEqualTo("open");
        assertThat(decision.getString("queue")).isEqualTo(RoutingConfig.ENGLISH);
    }

    @Test
    void explainRefusesBadQueryParametersByName() {
        AdminClient.Reply reply = viewer().get("routing/explain?number=0701234567&kommun=14&language=%21&at=tomorrow&profile=nosuch");

        assertProblem(reply, 400, "5 query parameters are invalid");
        assertThat(reply.json().getJsonArray("problems").getValuesAs(JsonObject.class).stream().map(p -> p.getString("field")))
                .containsExactly("number", "kommun", "language", "profile", "at");
    }

    private JsonObject textRelayCall() {
        return textRelayCallFrom(TEXT_RELAY_TRUNK);
    }

    private JsonObject textRelayCallFrom(String trunk) {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(trunk, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertNoCallLeft();
        SipText invite = queue.received("INVITE");
        return QueueInviteBody.of(invite).relayJson();
    }

    private static void assertProblem(AdminClient.Reply reply, int status, String detail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getInt("status")).isEqualTo(status);
        assertThat(reply.json().getString("detail")).contains(detail);
    }
}
