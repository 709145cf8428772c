package dev.k6runner.cli;

/**
 * The gateway said no (a problem response, {@link #response()} set) or could not be asked
 * ({@link #response()} null).
 */
final class GatewayException extends Exception {

    private final transient ApiResponse response;

    GatewayException(ApiResponse response) {
        super("gateway answered " + response.status());
        this.response = response;
    }

    GatewayException(String message, Throwable cause) {
        super(message, cause);
        this.response = null;
    }

    ApiResponse response() {
        return response;
    }

    int exitStatus() {
        return response == null ? ExitStatus.UNREACHABLE : ExitStatus.REFUSED;
    }
}
