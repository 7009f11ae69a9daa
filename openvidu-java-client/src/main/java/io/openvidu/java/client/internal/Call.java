package io.openvidu.java.client.internal;

/**
 * One request to make: which operation (which also gives the method, the path template and the code of
 * failures), a readable argument summary, the path below the base URL and an optional JSON body.
 * Built only from an {@link Operation} and its arguments, so a call cannot pair an operation with
 * another operation's method or path.
 */
public final class Call {

    private final Operation operation;
    private final String arguments;
    private final String apiPath;
    private final byte[] jsonBody;

    private Call(Operation operation, String arguments, String apiPath, byte[] jsonBody) {
        this.operation = operation;
        this.arguments = arguments;
        this.apiPath = apiPath;
        this.jsonBody = jsonBody;
    }

    /**
     * A call of an operation whose path has no parameter, e.g. {@link Operation#START_RECORDING}.
     *
     * @param operation the operation
     * @param arguments what the caller asked for, shown in messages, e.g. the session id
     * @param jsonBody the JSON body, or {@code null} for none
     * @return the call
     * @throws IllegalArgumentException if the operation's path has a parameter
     */
    public static Call of(Operation operation, String arguments, byte[] jsonBody) {
        return new Call(operation, arguments, operation.path(), jsonBody);
    }

    /**
     * A body-less call on one resource, e.g. {@link Operation#STOP_RECORDING}: the id fills the single
     * parameter of the operation's path (percent-encoded) and is the argument shown in messages.
     *
     * @param operation the operation
     * @param id the raw id of the resource
     * @return the call
     * @throws IllegalArgumentException if the operation's path does not have exactly one parameter, or
     *         {@code id} is {@code null}
     */
    public static Call forId(Operation operation, String id) {
        return new Call(operation, id, operation.path(id), null);
    }

    /** @return the operation */
    public Operation operation() {
        return operation;
    }

    /** @return the HTTP method, the operation's */
    public String method() {
        return operation.httpMethod();
    }

    /** @return the path below the base URL, already encoded, starting with {@code /api/} */
    public String apiPath() {
        return apiPath;
    }

    /** @return the JSON body, or {@code null} */
    public byte[] jsonBody() {
        return jsonBody;
    }

    /**
     * What was attempted, as in messages: {@code startRecording(wss://host/abc)}.
     *
     * @return the label
     */
    public String label() {
        return operation.methodName() + "(" + arguments + ")";
    }
}
