package se.relaybridge.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live board page in Debian's headless chromium, against a stand-in for the app that plays the board's
 * event contract ({@link BoardStreamServer}): login, snapshot, live updates, Senaste, reconnect, ticking time.
 */
class BoardPageTest {

    private static final String USER = "teamlead";
    private static final String PASSWORD = "board-test-lösen-1";
    /**
     * The page shows an event as soon as it reads it (no polling, no batching); tests do not time it (README:
     * speed is measured, not asserted), so the wait is generous enough for a loaded CI machine.
     */
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(5);
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Instant OFFERED = Instant.parse("2026-11-25T10:00:00Z");   // 11:00:00 in Stockholm

    private static BoardStreamServer server;
    private static HeadlessChromium chromium;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = BoardStreamServer.start(Path.of("src", "main", "webapp"), USER, PASSWORD);
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshPage() {
        // clear the tab's stored login from a page of the same origin that runs no board script
        driver.get(server.boardUri().resolve("board.css").toString());
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        server.reset();
        driver.get(server.boardUri().toString());
        waitFor(PATIENCE, d -> d.findElement(By.id("login")).isDisplayed(), "the login form");
    }

    @Test
    void wrongPasswordIsRefusedWithAMessage() {
        login(USER, "fel-lösenord");

        waitFor(PATIENCE, d -> text("#login-error").equals("Fel användarnamn eller lösenord"), "the refusal message");
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("board")).isDisplayed()).isFalse();
        assertThat(server.refusedLogins()).isEqualTo(1);
        assertThat(script("return sessionStorage.getItem('relaybridge.board.auth')")).isNull();
    }

    @Test
    void snapshotShowsEveryActiveCallWithServiceProviderRegionAndFailover() {
        loginWithSnapshot(List.of(
                TestCall.text("rb-text-1", OFFERED).answered(OFFERED.plusSeconds(3)),
                TestCall.video("rb-video-1", OFFERED.plusSeconds(30)).ringing().attempts(2)), List.of());

        assertThat(field("rb-text-1", "service")).startsWith("Text").contains("texttelefon");
        assertThat(field("rb-text-1", "provider")).isEqualTo("Texttelefoni.se");
        assertThat(field("rb-text-1", "interpreter")).startsWith("tolk-4711").contains("svenska, engelska");
        assertThat(field("rb-text-1", "region")).isEqualTo("Västra Götalands län");
        assertThat(field("rb-text-1", "queue")).isEqualTo("vastra-gotaland");
        assertThat(field("rb-text-1", "state")).isEqualTo("besvarat");
        assertThat(field("rb-text-1", "since")).isEqualTo("11:00:00");
        assertThat(field("rb-text-1", "duration")).doesNotStartWith("väntar");

        assertThat(field("rb-video-1", "service")).startsWith("Video").contains("bildtelefon", "teckenspråk");
        assertThat(field("rb-video-1", "provider")).isEqualTo("Bildtelefoni.net");
        assertThat(field("rb-video-1", "region")).isEqualTo("Stockholms län");
        assertThat(field("rb-video-1", "queue")).contains("stockholm", "⤳ 2 försök");
        assertThat(field("rb-video-1", "state")).isEqualTo("ringer");
        assertThat(field("rb-video-1", "duration")).startsWith("väntar ");

        assertThat(activeIds()).containsExactly("rb-video-1", "rb-text-1");   // newest at top
        assertThat(count("text")).isEqualTo("1");
        assertThat(count("video")).isEqualTo("1");
        assertThat(count("speech")).isEqualTo("0");
        assertThat(driver.findElements(By.cssSelector("#active thead th[scope=col]"))).hasSize(8);
    }

    @Test
    void newTeletalCallAppearsWithinASecond() {
        loginWithSnapshot(List.of(TestCall.text("rb-text-1", OFFERED).answered(OFFERED.plusSeconds(3)),
                TestCall.video("rb-video-1", OFFERED.plusSeconds(30)).answered(OFFERED.plusSeconds(41)).attempts(2)),
                List.of());

        server.send("call", TestCall.teletal("rb-teletal-1", Instant.now()).ringing().json());

        waitFor(WITHIN_A_SECOND, d -> !rows("rb-teletal-1").isEmpty(), "the Teletal call on the board");
        assertThat(field("rb-teletal-1", "service")).startsWith("Teletal");
        assertThat(field("rb-teletal-1", "interpreter")).startsWith("—");
        assertThat(field("rb-teletal-1", "region")).isEqualTo("nationell");
        assertThat(activeIds()).first().isEqualTo("rb-teletal-1");
        assertThat(count("speech")).isEqualTo("1");
        waitFor(PATIENCE, d -> text("#announcer").startsWith("Nytt samtal: Teletal"), "the aria-live announcement");

        server.send("call", TestCall.teletal("rb-teletal-1", Instant.now()).answered(Instant.now()).json());
        waitFor(WITHIN_A_SECOND, d -> field("rb-teletal-1", "state").equals("besvarat"), "the state change");
        assertThat(rows("rb-teletal-1")).hasSize(1);
        chromium.screenshot("board-active");
    }

    @Test
    void aTransferredCallShowsItsNewQueueAndThatANurseHandedItOn() {
        TestCall call = TestCall.video("rb-video-1", OFFERED).answered(OFFERED.plusSeconds(8));
        loginWithSnapshot(List.of(call), List.of());
        assertThat(driver.findElements(By.cssSelector("tr[data-call-id='rb-video-1'] [data-field=transfer]"))).isEmpty();

        server.send("call", call.transferred(1, "specialist").json());

        waitFor(WITHIN_A_SECOND, d -> field("rb-video-1", "queue").contains("kopplad vidare"), "the transfer mark");
        assertThat(field("rb-video-1", "queue")).startsWith("specialist");
        assertThat(driver.findElements(By.cssSelector("tr[data-call-id='rb-video-1'] [data-field=failover]")))
                .as("a transfer is no failover").isEmpty();
        chromium.screenshot("board-transferred");
    }

    @Test
    void hangupMovesTheCallToSenasteWithTheSwedishOutcome() {
        TestCall call = TestCall.text("rb-text-1", OFFERED).answered(OFFERED.plusSeconds(3));
        loginWithSnapshot(List.of(call, TestCall.video("rb-video-1", OFFERED.plusSeconds(30)).answered(OFFERED
                .plusSeconds(40)).attempts(2)), List.of());

        server.send("ended", call.finished("ended", OFFERED.plusSeconds(128), "completed:relay-hangup").json());

        waitFor(WITHIN_A_SECOND, d -> rows("rb-text-1").isEmpty(), "the ended call leaving the active table");
        assertThat(recentField("rb-text-1", "outcome")).isEqualTo("avslutat av tolktjänsten");
        assertThat(recentField("rb-text-1", "duration")).isEqualTo("2:05");
        assertThat(recentField("rb-text-1", "ended")).isEqualTo("11:02:08");
        assertThat(activeIds()).containsExactly("rb-video-1");
        assertThat(count("text")).isEqualTo("0");

        server.send("ended", TestCall.video("rb-video-1", OFFERED.plusSeconds(30)).answered(OFFERED.plusSeconds(40))
                .finished("ended", OFFERED.plusSeconds(90), "completed:queue-hangup").json());
        waitFor(WITHIN_A_SECOND, d -> rows("rb-video-1").isEmpty(), "the second call leaving");
        assertThat(recentIds()).containsExactly("rb-video-1", "rb-text-1");   // newest at top
        assertThat(recentField("rb-video-1", "outcome")).isEqualTo("avslutat av sjuksköterskan");
        assertThat(text("#active-empty")).isEqualTo("Inga pågående relaysamtal.");
        chromium.screenshot("board-after-hangup");
    }

    @Test
    void refusedAndFailedCallsAreDistinctInSenaste() {
        loginWithSnapshot(List.of(), List.of(TestCall.text("rb-old-1", OFFERED)
                .answered(OFFERED.plusSeconds(2)).finished("ended", OFFERED.plusSeconds(60), "completed:relay-hangup")));

        server.send("ended", TestCall.teletal("rb-refused-1", OFFERED.plusSeconds(70))
                .finished("refused", OFFERED.plusSeconds(70), "refused:403:not-a-relay-trunk").json());
        server.send("ended", TestCall.video("rb-failed-1", OFFERED.plusSeconds(80))
                .finished("failed", OFFERED.plusSeconds(95), "failed:no-queue-target").json());

        waitFor(WITHIN_A_SECOND, d -> recentIds().size() == 3, "the refused and the failed call in Senaste");
        assertThat(recentIds()).containsExactly("rb-failed-1", "rb-refused-1", "rb-old-1");
        assertThat(recentField("rb-refused-1", "outcome")).endsWith("nekat 403");
        assertThat(recentField("rb-failed-1", "outcome")).endsWith("misslyckat");
        WebElement refused = recentRow("rb-refused-1"), completed = recentRow("rb-old-1");
        assertThat(refused.getDomAttribute("data-outcome")).isEqualTo("refused");
        assertThat(recentRow("rb-failed-1").getDomAttribute("data-outcome")).isEqualTo("failed");
        assertThat(refused.getCssValue("background-color")).isNotEqualTo(completed.getCssValue("background-color"));
        assertThat(activeIds()).isEmpty();
        chromium.screenshot("board-refused");
    }

    @Test
    void closedStreamShowsTheBreakAndReconnectsFromAFreshSnapshot() {
        loginWithSnapshot(List.of(TestCall.text("rb-before", OFFERED).answered(OFFERED.plusSeconds(3))), List.of());

        server.closeStream();

        waitFor(PATIENCE, d -> "broken".equals(attribute("#connection", "data-state")), "the broken-connection state");
        assertThat(text("#connection")).contains("anslutning bruten — försöker igen");
        chromium.screenshot("board-reconnecting");
        waitFor(PATIENCE, d -> server.streamsOpened() == 2, "the page to reconnect");
        server.send("snapshot", TestCall.snapshot(List.of(TestCall.video("rb-after", OFFERED).ringing()), List.of()));

        waitFor(PATIENCE, d -> "live".equals(attribute("#connection", "data-state")), "the live state again");
        assertThat(activeIds()).containsExactly("rb-after");
        assertThat(driver.findElement(By.id("connection")).isDisplayed()).isFalse();
    }

    @Test
    void durationTicksEverySecond() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        loginWithSnapshot(List.of(TestCall.text("rb-talking", now.minusSeconds(80)).answered(now.minusSeconds(65)),
                TestCall.video("rb-waiting", now.minusSeconds(12)).ringing()), List.of());

        String talking = field("rb-talking", "duration"), waiting = field("rb-waiting", "duration");
        assertThat(talking).matches("1:0\\d");
        assertThat(waiting).matches("väntar 0:1\\d");
        waitFor(PATIENCE, d -> !field("rb-talking", "duration").equals(talking)
                && !field("rb-waiting", "duration").equals(waiting), "the durations to tick");
    }

    @Test
    void streamFramingAcceptsCrlfCommentsAndEventsSplitOverWrites() {
        loginWithSnapshot(List.of(), List.of());
        String json = TestCall.video("rb-split", OFFERED).ringing().json();

        server.events.add(": ping\r\n\r\n");
        server.events.add("event: call\r\ndata: " + json.substring(0, 20));
        server.events.add(json.substring(20) + "\r");
        server.events.add("\n\r\n");

        waitFor(PATIENCE, d -> !rows("rb-split").isEmpty(), "the call sent in pieces");
        assertThat(field("rb-split", "provider")).isEqualTo("Bildtelefoni.net");

        // the same event once more, as a JSON string holding the JSON (how a JAX-RS writer may quote it)
        String quoted = "\"" + TestCall.teletal("rb-quoted", OFFERED).json().replace("\"", "\\\"") + "\"";
        server.send("call", quoted);
        waitFor(PATIENCE, d -> !rows("rb-quoted").isEmpty(), "the call sent as a quoted JSON string");
    }

    @Test
    void reloadKeepsTheLoginForTheTabOnly() {
        loginWithSnapshot(List.of(), List.of());
        assertThat(script("return localStorage.length")).isEqualTo(0L);

        driver.navigate().refresh();
        waitFor(PATIENCE, d -> server.streamsOpened() == 2, "the reloaded page to connect with its stored login");
        server.send("snapshot", TestCall.snapshot(List.of(TestCall.text("rb-reloaded", OFFERED)), List.of()));
        waitFor(PATIENCE, d -> !rows("rb-reloaded").isEmpty(), "the snapshot after the reload");
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();
    }

    @Test
    void scheduledCallbacksShowDueTimeStateAndAttemptsAndFollowTheirChanges() {
        server.send("snapshot", TestCall.snapshot(List.of(), List.of(), List.of(
                callback("sc-later", "2026-11-25T15:00:00Z", "pending", 0, null),
                callback("sc-soon", "2026-11-25T13:30:00Z", "pending", 0, null))));
        login(USER, PASSWORD);
        waitFor(PATIENCE, d -> "live".equals(attribute("#connection", "data-state")), "the first snapshot");

        assertThat(callbackIds()).containsExactly("sc-later", "sc-soon");   // the server's order is kept
        assertThat(callbackField("sc-soon", "due")).contains("14:30");       // 13:30 UTC in Stockholm
        assertThat(callbackField("sc-soon", "provider")).isEqualTo("texttelefoni");
        assertThat(callbackField("sc-soon", "nurse")).isEqualTo("sip:…27@127.0.0.60");
        assertThat(callbackField("sc-soon", "state")).isEqualTo("väntar");
        assertThat(callbackField("sc-soon", "attempts")).isEqualTo("0");
        assertThat(callbackField("sc-soon", "outcome")).isEqualTo("—");
        assertThat(driver.findElement(By.id("callbacks-empty")).isDisplayed()).isFalse();

        server.send("callbacks", "[" + callback("sc-soon", "2026-11-25T13:35:00Z", "pending", 1, "nurse-busy") + "]");
        waitFor(WITHIN_A_SECOND, d -> callbackField("sc-soon", "attempts").equals("1"), "the retry on the board");
        assertThat(callbackField("sc-soon", "outcome")).isEqualTo("sjuksköterskan upptagen");
        assertThat(callbackField("sc-soon", "due")).contains("14:35");
        assertThat(callbackIds()).containsExactly("sc-soon");

        server.send("callbacks", "[" + callback("sc-soon", "2026-11-25T13:35:00Z", "done", 2, "connected") + "]");
        waitFor(WITHIN_A_SECOND, d -> callbackField("sc-soon", "state").equals("genomförd"), "the callback done");
        assertThat(callbackField("sc-soon", "outcome")).isEqualTo("kopplat");

        server.send("callbacks", "[]");
        waitFor(WITHIN_A_SECOND, d -> d.findElement(By.id("callbacks-empty")).isDisplayed(), "the empty list");
    }

    @Test
    void sourcesBannedByTheFloodGuardShowAsALineWhileTheBanLasts() {
        String plain = TestCall.snapshot(List.of(), List.of());
        server.send("snapshot", plain.substring(0, plain.length() - 1)
                + ",\"edge\":{\"bannedSources\":2,\"limitedRequests\":40,\"bannedRequests\":900}}");
        login(USER, PASSWORD);
        waitFor(PATIENCE, d -> "live".equals(attribute("#connection", "data-state")), "the first snapshot");
        assertThat(driver.findElement(By.id("edge")).isDisplayed()).isTrue();
        assertThat(text("#edge")).isEqualTo("⛔ 2 SIP-källor spärrade just nu för överbelastning — reläsamtalen går fram");

        server.send("edge", "{\"bannedSources\":1,\"limitedRequests\":40,\"bannedRequests\":950}");
        waitFor(WITHIN_A_SECOND, d -> text("#edge").startsWith("⛔ 1 SIP-källa spärrad just nu"), "one ban left");

        server.send("edge", "{\"bannedSources\":0,\"limitedRequests\":40,\"bannedRequests\":950}");
        waitFor(WITHIN_A_SECOND, d -> !d.findElement(By.id("edge")).isDisplayed(), "no ban: no line");
    }

    @Test
    void noLineWithoutABan() {
        loginWithSnapshot(List.of(), List.of());
        assertThat(driver.findElement(By.id("edge")).isDisplayed()).isFalse();
    }

    private static String callback(String id, String due, String state, int attempts, String lastOutcome) {
        return "{\"id\":\"" + id + "\",\"callId\":\"rb-0000000000000001\",\"profileId\":\"texttelefoni\","
                + "\"nurse\":\"sip:…27@127.0.0.60\",\"dueAt\":\"" + due + "\",\"state\":\"" + state + "\","
                + "\"attempts\":" + attempts + ",\"lastOutcome\":" + (lastOutcome == null ? "null" : "\"" + lastOutcome + "\"")
                + "}";
    }

    private static List<String> callbackIds() {
        return driver.findElements(By.cssSelector("#callback-rows tr")).stream()
                .map(row -> row.getDomAttribute("data-callback-id")).toList();
    }

    private static String callbackField(String id, String field) {
        return driver.findElement(By.cssSelector("#callback-rows tr[data-callback-id='" + id + "'] td[data-field='"
                + field + "']")).getText().replace('\n', ' ').trim();
    }

    // ---- helpers ----

    private static void login(String user, String password) {
        driver.findElement(By.id("login-user")).sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static void loginWithSnapshot(List<TestCall> calls, List<TestCall> recent) {
        server.send("snapshot", TestCall.snapshot(calls, recent));
        login(USER, PASSWORD);
        waitFor(PATIENCE, d -> "live".equals(attribute("#connection", "data-state")), "the first snapshot");
        assertThat(activeIds()).hasSize(calls.size());
    }

    private static void waitFor(Duration timeout, Function<WebDriver, Boolean> condition, String what) {
        // a row's cells are rebuilt when its call changes, so a cell found a moment ago may be gone
        new WebDriverWait(driver, timeout, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getDomProperty("textContent").trim();
    }

    private static String attribute(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    private static String count(String service) {
        return text("[data-count='" + service + "']");
    }

    private static List<WebElement> rows(String callId) {
        return driver.findElements(By.cssSelector("#active-rows tr[data-call-id='" + callId + "']"));
    }

    private static String field(String callId, String field) {
        return driver.findElement(By.cssSelector("#active-rows tr[data-call-id='" + callId + "'] td[data-field='"
                + field + "']")).getText().replace('\n', ' ').trim();
    }

    private static WebElement recentRow(String callId) {
        return driver.findElement(By.cssSelector("#recent-rows tr[data-call-id='" + callId + "']"));
    }

    private static String recentField(String callId, String field) {
        return recentRow(callId).findElement(By.cssSelector("td[data-field='" + field + "']")).getText().trim();
    }

    private static List<String> activeIds() {
        return driver.findElements(By.cssSelector("#active-rows tr")).stream()
                .map(row -> row.getDomAttribute("data-call-id")).toList();
    }

    private static List<String> recentIds() {
        return driver.findElements(By.cssSelector("#recent-rows tr")).stream()
                .map(row -> row.getDomAttribute("data-call-id")).toList();
    }
}
