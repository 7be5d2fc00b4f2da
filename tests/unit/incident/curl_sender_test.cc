// The libcurl channels against local receivers: a webhook POST signed so that the receiver's own
// HMAC check accepts it (and a wrong secret is refused and reported), and an SMTP conversation
// with a minimal mail server that records the envelope and the message.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "qx/incident/notifier.h"
#include "webhook_receiver.h"

namespace qx::incident {
namespace {

boost::json::object Message() {
  return {{"event", "overdue"}, {"incident_id", 7}, {"stage", "early_warning"}, {"title", "Ransomware"}};
}

TEST(CurlSenderTest, WebhooksAreSignedWithTheSharedSecret) {
  qx::testing::WebhookReceiver receiver("s3cret");
  SenderOptions o;
  o.webhook_url = receiver.url();
  o.webhook_secret = "s3cret";
  auto sender = MakeCurlSender(o);
  ASSERT_TRUE(sender->Send("webhook", Message()));
  ASSERT_EQ(receiver.Accepted().size(), 1u);
  EXPECT_EQ(receiver.Accepted()[0].at("incident_id"), 7);

  o.webhook_secret = "wrong";
  auto status = MakeCurlSender(o)->Send("webhook", Message());
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("401"), std::string::npos) << status.error().message;
  EXPECT_EQ(receiver.BadSignatures(), 1);
  EXPECT_FALSE(sender->Send("email", Message()));  // not configured
}

TEST(CurlSenderTest, AWebhookThatDoesNotAnswerIsAnError) {
  SenderOptions o;
  o.webhook_url = "http://127.0.0.1:1/hook";
  o.webhook_secret = "x";
  auto status = MakeCurlSender(o)->Send("webhook", Message());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
}

// One SMTP session on 127.0.0.1:0, answering every command and keeping what it was told.
class SmtpReceiver {
 public:
  SmtpReceiver() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpReceiver() {
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }
  // Valid once the session ended (after the sender returned).
  const std::string& transcript() {
    if (thread_.joinable()) thread_.join();
    return transcript_;
  }

 private:
  void Serve() {
    const int c = ::accept(listener_, nullptr, nullptr);
    if (c < 0) return;
    auto say = [c](const std::string& s) { (void)!::write(c, s.data(), s.size()); };
    say("220 test ESMTP\r\n");
    std::string buffer;
    bool data = false;
    char chunk[4096];
    for (;;) {
      const ssize_t n = ::read(c, chunk, sizeof chunk);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<size_t>(n));
      for (;;) {
        if (data) {
          const auto end = buffer.find("\r\n.\r\n");
          if (end == std::string::npos) break;
          transcript_ += buffer.substr(0, end) + "\n";
          buffer.erase(0, end + 5);
          data = false;
          say("250 queued\r\n");
          continue;
        }
        const auto eol = buffer.find("\r\n");
        if (eol == std::string::npos) break;
        const std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        transcript_ += line + "\n";
        if (line.rfind("DATA", 0) == 0) {
          data = true;
          say("354 go on\r\n");
        } else if (line.rfind("QUIT", 0) == 0) {
          say("221 bye\r\n");
          ::close(c);
          return;
        } else {
          say("250 ok\r\n");
        }
      }
    }
    ::close(c);
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string transcript_;
};

TEST(CurlSenderTest, MailGoesToTheCertOverSmtp) {
  SmtpReceiver smtp;
  SenderOptions o;
  o.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  o.mail_from = "qalxan@example.org";
  o.cert_mail_to = "cert@example.org";
  EXPECT_EQ(ChannelsOf(o), std::vector<std::string>{"email"});
  auto m = Message();
  m["title"] = "Ransomware\r\nBcc: someone@example.org";  // no header injection
  ASSERT_TRUE(MakeCurlSender(o)->Send("email", m));
  const std::string& t = smtp.transcript();
  EXPECT_NE(t.find("MAIL FROM:<qalxan@example.org>"), std::string::npos) << t;
  EXPECT_NE(t.find("RCPT TO:<cert@example.org>"), std::string::npos) << t;
  EXPECT_NE(t.find("Subject: [Qalxan] incident 7 early_warning: overdue Ransomware  Bcc:"), std::string::npos) << t;
  EXPECT_EQ(t.find("\nBcc:"), std::string::npos) << t;
  EXPECT_NE(t.find(R"("incident_id":7)"), std::string::npos) << t;
}

}  // namespace
}  // namespace qx::incident
