package com.genpicz.ingress.http;

/** The reference's error object: {@code {"error": {"code", "message", "status"}}}, plus {@code param} when known. */
record ErrorBody(Detail error) {

    record Detail(String code, String message, Integer status, String param) {
    }

    static ErrorBody of(String code, String message, int status, String param) {
        return new ErrorBody(new Detail(code, message, status, param));
    }
}
