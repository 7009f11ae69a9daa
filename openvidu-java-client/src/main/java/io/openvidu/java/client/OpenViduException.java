package io.openvidu.java.client;

/**
 * Root of every failure of a call to the OpenVidu server. Unchecked, as in 1.8.0.
 *
 * <p>{@link #getCode()} says which operation failed (for example
 * {@link Code#RECORDING_START_ERROR_CODE} for {@link OpenVidu#startRecording(String)}), with the
 * same constants and numbers as the official 1.8.0 client. The subclass says why:
 * <ul>
 * <li>{@link OpenViduHttpException} and its subclasses: the server answered with an error status;</li>
 * <li>{@link OpenViduTransportException} (and {@link OpenViduTimeoutException}): no usable answer
 * (connection refused, timeout, TLS failure...);</li>
 * <li>{@link OpenViduResponseException}: the server answered success, but the body could not be
 * understood.</li>
 * </ul>
 * A {@code catch (OpenViduException e)} written for 1.8.0 catches all of them.
 */
public class OpenViduException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Error codes of OpenVidu 1.8.0, with the same constants and numeric values.
     */
    public enum Code {
        /** 999 */
        GENERIC_ERROR_CODE(999),
        /** 803 */
        TRANSPORT_ERROR_CODE(803),
        /** 802 */
        TRANSPORT_RESPONSE_ERROR_CODE(802),
        /** 801 */
        TRANSPORT_REQUEST_ERROR_CODE(801),
        /** 307 */
        MEDIA_MUTE_ERROR_CODE(307),
        /** 306 */
        MEDIA_NOT_A_WEB_ENDPOINT_ERROR_CODE(306),
        /** 305 */
        MEDIA_RTP_ENDPOINT_ERROR_CODE(305),
        /** 304 */
        MEDIA_WEBRTC_ENDPOINT_ERROR_CODE(304),
        /** 303 */
        MEDIA_ENDPOINT_ERROR_CODE(303),
        /** 302 */
        MEDIA_SDP_ERROR_CODE(302),
        /** 301 */
        MEDIA_GENERIC_ERROR_CODE(301),
        /** 204 */
        ROOM_CANNOT_BE_CREATED_ERROR_CODE(204),
        /** 203 */
        ROOM_CLOSED_ERROR_CODE(203),
        /** 202 */
        ROOM_NOT_FOUND_ERROR_CODE(202),
        /** 201 */
        ROOM_GENERIC_ERROR_CODE(201),
        /** 105 */
        USER_NOT_STREAMING_ERROR_CODE(105),
        /** 104 */
        EXISTING_USER_IN_ROOM_ERROR_CODE(104),
        /** 103 */
        USER_CLOSED_ERROR_CODE(103),
        /** 102 */
        USER_NOT_FOUND_ERROR_CODE(102),
        /** 101 */
        USER_GENERIC_ERROR_CODE(101),
        /** 401 */
        USER_UNAUTHORIZED_ERROR_CODE(401),
        /** 402 */
        ROLE_NOT_FOUND_ERROR_CODE(402),
        /** 403: used by this client for every failure of {@link OpenVidu#createSession(SessionProperties)}. */
        SESSIONID_CANNOT_BE_CREATED_ERROR_CODE(403),
        /** 404: used by this client for every failure of {@link Session#generateToken(TokenOptions)}. */
        TOKEN_CANNOT_BE_CREATED_ERROR_CODE(404),
        /** 500 */
        USER_METADATA_FORMAT_INVALID_ERROR_CODE(500),
        /** 600 */
        SIGNAL_FORMAT_INVALID_ERROR_CODE(600),
        /** 601 */
        SIGNAL_TO_INVALID_ERROR_CODE(601),
        /** 602 */
        SIGNAL_MESSAGE_INVALID_ERROR_CODE(602),
        /** 707 */
        RECORDING_FILE_EMPTY_ERROR(707),
        /** 706: used by this client for every failure of {@link OpenVidu#deleteRecording(String)}. */
        RECORDING_DELETE_ERROR_CODE(706),
        /** 705: used by this client for every failure of {@link OpenVidu#getRecording(String)} and
         * {@link OpenVidu#listRecordings()}. */
        RECORDING_LIST_ERROR_CODE(705),
        /** 704: used by this client for every failure of {@link OpenVidu#stopRecording(String)}. */
        RECORDING_STOP_ERROR_CODE(704),
        /** 703: used by this client for every failure of {@link OpenVidu#startRecording(String)}. */
        RECORDING_START_ERROR_CODE(703),
        /** 702 */
        RECORDING_REPORT_ERROR_CODE(702),
        /** 701 */
        RECORDING_COMPLETION_ERROR_CODE(701);

        private final int value;

        Code(int value) {
            this.value = value;
        }

        /**
         * The numeric value of this code, as in OpenVidu 1.8.0.
         *
         * @return the numeric code
         */
        public int getValue() {
            return value;
        }
    }

    /** Which operation failed. */
    private final Code code;

    /**
     * Creates an exception (1.8.0 constructor).
     *
     * @param code what failed; {@code null} is read as {@link Code#GENERIC_ERROR_CODE}
     * @param message what was attempted and why it failed
     */
    public OpenViduException(Code code, String message) {
        this(code, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param code what failed; {@code null} is read as {@link Code#GENERIC_ERROR_CODE}
     * @param message what was attempted and why it failed
     * @param cause the underlying failure, or {@code null}
     */
    public OpenViduException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code == null ? Code.GENERIC_ERROR_CODE : code;
    }

    /**
     * Which operation failed, as a 1.8.0 code.
     *
     * @return the code, never {@code null}
     */
    public Code getCode() {
        return code;
    }

    /**
     * The numeric value of {@link #getCode()}.
     *
     * @return the numeric code
     */
    public int getCodeValue() {
        return code.getValue();
    }

    /**
     * The class name, the code (name and value) and the message.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return getClass().getName() + " [" + code + " " + code.getValue() + "]: " + getMessage();
    }
}
