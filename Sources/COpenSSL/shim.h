#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

// SHA-256 through the low-level calls. OpenSSL 3 deprecates them in favour of EVP, but EVP's
// first use reads openssl.cnf and starts the default provider, about 1 ms that `tenkai synth`
// (which only fingerprints its templates) would pay at every start. Same code underneath,
// SHA extensions included.
static inline void tenkai_sha256(const void *data, size_t length, unsigned char digest[32]) {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, length);
    SHA256_Final(digest, &context);
#pragma clang diagnostic pop
}
