package dev.riskgate.http.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through its chromium-driver (scripts/test.sh installs both); never
 * Selenium Manager, which would download a browser. A failed test leaves a screenshot of every open browser
 * in {@code target/console-screenshots/}.
 */
final class Browsers implements TestWatcher, AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final List<WebDriver> open = new ArrayList<>();

    WebDriver open() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver; scripts/test.sh does)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1400,1000", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        WebDriver driver = new ChromeDriver(service, options);
        open.add(driver);
        return driver;
    }

    /** Saves what {@code driver} shows as a PNG at {@code file}. */
    static void screenshot(WebDriver driver, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path dir = Path.of(System.getProperty("riskgate.repo", "."), "target", "console-screenshots");
        for (int i = 0; i < open.size(); i++) {
            try {
                screenshot(open.get(i), dir.resolve(context.getRequiredTestMethod().getName() + "-" + i + ".png"));
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        close();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        close();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        close();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }

    @Override
    public void close() {
        open.forEach(WebDriver::quit);
        open.clear();
    }
}
