#include "hashingdevice.h"

#include <QByteArray>

#include <openssl/evp.h>

namespace seg {

HashingDevice::HashingDevice(QIODevice* source)
    : m_source(source)
    , m_ctx(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

HashingDevice::~HashingDevice()
{
    EVP_MD_CTX_free(m_ctx);
}

QString HashingDevice::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx, digest, &length);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(digest), static_cast<qsizetype>(length)).toHex());
}

qint64 HashingDevice::readData(char* data, qint64 maxSize)
{
    const qint64 got = m_source->read(data, maxSize);
    if (got < 0)
        setErrorString(m_source->errorString());
    if (got > 0)
        EVP_DigestUpdate(m_ctx, data, static_cast<size_t>(got));
    return got;
}

qint64 HashingDevice::writeData(const char*, qint64)
{
    return -1;
}

} // namespace seg
