#include "hashingdevice.h"

namespace seg {

HashingDevice::HashingDevice(QIODevice* source)
    : m_source(source)
    , m_hash(QCryptographicHash::Sha256)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

QString HashingDevice::hexDigest() const
{
    return QString::fromLatin1(m_hash.result().toHex());
}

qint64 HashingDevice::readData(char* data, qint64 maxSize)
{
    const qint64 got = m_source->read(data, maxSize);
    if (got > 0)
        m_hash.addData(QByteArrayView(data, got));
    if (got < 0)
        setErrorString(m_source->errorString());
    return got;
}

qint64 HashingDevice::writeData(const char*, qint64)
{
    return -1;
}

} // namespace seg
