package io.openvidu.java.client.internal;

import io.openvidu.java.client.OpenViduException.Code;

/**
 * The calls of the client, each with the 1.8 error code its failures carry.
 */
public enum Operation {
    /** {@code POST /api/sessions} */
    CREATE_SESSION("createSession", Code.SESSIONID_CANNOT_BE_CREATED_ERROR_CODE),
    /** {@code POST /api/tokens} */
    GENERATE_TOKEN("generateToken", Code.TOKEN_CANNOT_BE_CREATED_ERROR_CODE),
    /** {@code POST /api/recordings/start} */
    START_RECORDING("startRecording", Code.RECORDING_START_ERROR_CODE),
    /** {@code POST /api/recordings/stop/{id}} */
    STOP_RECORDING("stopRecording", Code.RECORDING_STOP_ERROR_CODE),
    /** {@code GET /api/recordings/{id}} */
    GET_RECORDING("getRecording", Code.RECORDING_LIST_ERROR_CODE),
    /** {@code GET /api/recordings} */
    LIST_RECORDINGS("listRecordings", Code.RECORDING_LIST_ERROR_CODE),
    /** {@code DELETE /api/recordings/{id}} */
    DELETE_RECORDING("deleteRecording", Code.RECORDING_DELETE_ERROR_CODE);

    private final String methodName;
    private final Code code;

    Operation(String methodName, Code code) {
        this.methodName = methodName;
        this.code = code;
    }

    /**
     * The name of the public method, e.g. {@code startRecording}.
     *
     * @return the method name
     */
    public String methodName() {
        return methodName;
    }

    /**
     * The 1.8 code carried by every failure of this operation.
     *
     * @return the code
     */
    public Code code() {
        return code;
    }
}
