#pragma once

#include <QIODevice>
#include <QString>

struct evp_md_ctx_st;

namespace seg {

/// Read-only QIODevice that passes the bytes of another device through and computes their
/// SHA-256 (OpenSSL, which uses the CPU's SHA instructions where present), so that a file is
/// read once for both its content and its checksum. Not thread-safe.
class HashingDevice : public QIODevice {
public:
    explicit HashingDevice(QIODevice* source);
    ~HashingDevice() override;
    HashingDevice(const HashingDevice&) = delete;
    HashingDevice& operator=(const HashingDevice&) = delete;
    bool isSequential() const override { return true; }
    /// Hex SHA-256 of everything read so far; call once, at the end.
    QString hexDigest();

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    QIODevice* m_source;
    evp_md_ctx_st* m_ctx;
};

} // namespace seg
