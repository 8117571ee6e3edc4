#include <curl/curl.h>

// libcurl is opened with dlopen on first use (see AWSClient's LibCurl.swift), never linked: so
// this header only declares the function-pointer types, taken from curl.h's own prototypes with
// __typeof__, and typed wrappers for the variadic calls Swift cannot make itself.

typedef __typeof__(&curl_global_init) tenkai_curl_global_init_fn;
typedef __typeof__(&curl_version) tenkai_curl_version_fn;
typedef __typeof__(&curl_easy_init) tenkai_curl_easy_init_fn;
typedef __typeof__(&curl_easy_reset) tenkai_curl_easy_reset_fn;
typedef __typeof__(&curl_easy_cleanup) tenkai_curl_easy_cleanup_fn;
typedef __typeof__(&curl_easy_strerror) tenkai_curl_easy_strerror_fn;
typedef __typeof__(&curl_multi_init) tenkai_curl_multi_init_fn;
typedef __typeof__(&curl_multi_cleanup) tenkai_curl_multi_cleanup_fn;
typedef __typeof__(&curl_multi_add_handle) tenkai_curl_multi_add_handle_fn;
typedef __typeof__(&curl_multi_remove_handle) tenkai_curl_multi_remove_handle_fn;
typedef __typeof__(&curl_multi_perform) tenkai_curl_multi_perform_fn;
typedef __typeof__(&curl_multi_poll) tenkai_curl_multi_poll_fn;
typedef __typeof__(&curl_multi_wakeup) tenkai_curl_multi_wakeup_fn;
typedef __typeof__(&curl_multi_info_read) tenkai_curl_multi_info_read_fn;
typedef __typeof__(&curl_multi_strerror) tenkai_curl_multi_strerror_fn;
typedef __typeof__(&curl_slist_append) tenkai_curl_slist_append_fn;
typedef __typeof__(&curl_slist_free_all) tenkai_curl_slist_free_all_fn;

// The variadic entry points arrive as untyped symbols; each wrapper below makes a proper C
// variadic call through them with one fixed argument type.
typedef CURLcode (*tenkai_curl_easy_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*tenkai_curl_easy_getinfo_fn)(CURL *, CURLINFO, ...);
typedef CURLMcode (*tenkai_curl_multi_setopt_fn)(CURLM *, CURLMoption, ...);

typedef size_t (*tenkai_curl_data_callback)(char *, size_t, size_t, void *);
typedef int (*tenkai_curl_seek_callback)(void *, curl_off_t, int);

static inline CURLcode tenkai_curl_easy_setopt_long(void *setopt, CURL *handle, CURLoption option, long value) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, value);
}

static inline CURLcode tenkai_curl_easy_setopt_off_t(void *setopt, CURL *handle, CURLoption option, curl_off_t value) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, value);
}

static inline CURLcode tenkai_curl_easy_setopt_string(void *setopt, CURL *handle, CURLoption option, const char *value) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, value);
}

static inline CURLcode tenkai_curl_easy_setopt_pointer(void *setopt, CURL *handle, CURLoption option, void *value) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, value);
}

static inline CURLcode tenkai_curl_easy_setopt_slist(void *setopt, CURL *handle, CURLoption option, struct curl_slist *value) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, value);
}

static inline CURLcode tenkai_curl_easy_setopt_data_callback(
    void *setopt, CURL *handle, CURLoption option, tenkai_curl_data_callback callback) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, option, callback);
}

static inline CURLcode tenkai_curl_easy_setopt_seek_callback(void *setopt, CURL *handle, tenkai_curl_seek_callback callback) {
    return ((tenkai_curl_easy_setopt_fn)setopt)(handle, CURLOPT_SEEKFUNCTION, callback);
}

static inline CURLcode tenkai_curl_easy_getinfo_long(void *getinfo, CURL *handle, CURLINFO info, long *value) {
    return ((tenkai_curl_easy_getinfo_fn)getinfo)(handle, info, value);
}

static inline CURLMcode tenkai_curl_multi_setopt_long(void *setopt, CURLM *handle, CURLMoption option, long value) {
    return ((tenkai_curl_multi_setopt_fn)setopt)(handle, option, value);
}
