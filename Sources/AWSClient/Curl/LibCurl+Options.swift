import CCurl

/// Typed forms of libcurl's variadic option and info calls, through the `shim.h` wrappers.
extension LibCurl {
    func setOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) -> CURLcode {
        tenkai_curl_easy_setopt_long(easySetopt, handle, option, value)
    }

    /// The `…_LARGE` options, which take a `curl_off_t`.
    func setSizeOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: curl_off_t) -> CURLcode {
        tenkai_curl_easy_setopt_off_t(easySetopt, handle, option, value)
    }

    func setOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) -> CURLcode {
        tenkai_curl_easy_setopt_string(easySetopt, handle, option, value)
    }

    func setOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: UnsafeMutableRawPointer?) -> CURLcode {
        tenkai_curl_easy_setopt_pointer(easySetopt, handle, option, value)
    }

    func setOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) -> CURLcode {
        tenkai_curl_easy_setopt_slist(easySetopt, handle, option, value)
    }

    /// `CURLOPT_READFUNCTION`, `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION`.
    func setOption(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ callback: tenkai_curl_data_callback) -> CURLcode {
        tenkai_curl_easy_setopt_data_callback(easySetopt, handle, option, callback)
    }

    func setSeekCallback(_ handle: UnsafeMutableRawPointer, _ callback: tenkai_curl_seek_callback) -> CURLcode {
        tenkai_curl_easy_setopt_seek_callback(easySetopt, handle, callback)
    }

    /// The HTTP status of the response on `handle`, 0 before one arrived.
    func responseCode(_ handle: UnsafeMutableRawPointer) -> Int {
        var status = 0
        _ = tenkai_curl_easy_getinfo_long(easyGetinfo, handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    func setMultiOption(_ multi: UnsafeMutableRawPointer, _ option: CURLMoption, _ value: Int) -> CURLMcode {
        tenkai_curl_multi_setopt_long(multiSetopt, multi, option, value)
    }
}
