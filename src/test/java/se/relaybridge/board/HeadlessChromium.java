package se.relaybridge.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium under Selenium, for any browser test of relaybridge's pages.
 *
 * <p>The browser and driver are Debian's ({@code chromium}, {@code chromium-driver}), always the same version
 * as each other. Both paths are given explicitly so Selenium Manager never runs: a test must not download a
 * browser or driver, and a missing package fails the test with the install command instead of skipping it.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts chromium at 1280×800 (the board's target screen), or fails saying which package is missing. */
    public static HeadlessChromium start() {
        requireExecutable(BROWSER, "chromium");
        requireExecutable(DRIVER, "chromium-driver");
        // Selenium looks for the driver here before it would ask Selenium Manager
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                        "--window-size=1280,800", "--lang=sv-SE", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    private static void requireExecutable(Path path, String debianPackage) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: install Debian's " + debianPackage
                    + " (apt-get install -y chromium chromium-driver; .ci/run does it). The browser test"
                    + " does not skip and never downloads a browser or driver.");
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * The text of every element the selector matches, all read in one script turn of the page. The board re-renders
     * its rows on every event; an element found by one WebDriver command and read by the next can be gone by then
     * (StaleElementReferenceException), which one script cannot meet.
     */
    public List<String> texts(String cssSelector) {
        Object texts = driver.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText);", cssSelector);
        return ((List<?>) texts).stream().map(String::valueOf).toList();
    }

    /** The value of one attribute of the first element the selector matches, or null when none matches. */
    public String attribute(String cssSelector, String name) {
        return (String) driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                cssSelector, name);
    }

    /** Saves what the browser shows now to {@code target/screenshots/<name>.png} and returns that path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
