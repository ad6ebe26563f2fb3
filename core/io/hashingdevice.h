#pragma once

#include <QCryptographicHash>
#include <QIODevice>

namespace seg {

/// Read-only QIODevice that passes the bytes of another device through and hashes them
/// (SHA-256), so that a file is read once for both its content and its checksum.
class HashingDevice : public QIODevice {
public:
    explicit HashingDevice(QIODevice* source);
    bool isSequential() const override { return true; }
    /// Hex SHA-256 of everything read so far.
    QString hexDigest() const;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    QIODevice* m_source;
    QCryptographicHash m_hash;
};

} // namespace seg
