package dev.kiln.infra.cli;

/**
 * Points Logback at the launcher's configuration before the first logger exists, so Kafka, S3Proxy and PostgreSQL
 * log to {@code $KILN_HOME/logs/infra.log} and the terminal shows only Kiln's own lines.
 */
final class LauncherLogging {
    private LauncherLogging() {}

    static void configure() {
        String home = System.getenv().getOrDefault("KILN_HOME", System.getProperty("user.home") + "/.kiln");
        System.setProperty("kiln.log.dir", home + "/logs");
        System.setProperty("logback.configurationFile", "kiln-launcher-logback.xml");
    }
}
