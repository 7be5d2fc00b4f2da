#include "qx/requirements/publication.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "qx/crypto/secrets.h"

namespace qx::requirements {
namespace {

namespace json = boost::json;

class PublicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitCrypto());
    payload_ = json::parse(R"({"name":"mini","seq":1,"document":{"catalog":{"uuid":"u","b":[1,2]}}})");
    envelope_ = Envelope(payload_, SealPayload(payload_, key_), key_.PublicKeyHex());
  }
  crypto::SigningKey key_ = crypto::SigningKey::Generate();
  json::value payload_;
  std::string envelope_;
};

TEST_F(PublicationTest, AnUntouchedEnvelopeVerifies) {
  auto v = VerifyEnvelope(envelope_, key_.PublicKeyHex());
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->payload, payload_);
  EXPECT_EQ(v->key_id, key_.KeyId());
}

TEST_F(PublicationTest, KeyOrderAndWhitespaceDoNotMatter) {
  // A reader may re-serialise the JSON; the canonical form is what is signed.
  json::value parsed = json::parse(envelope_);
  std::string pretty = json::serialize(parsed);
  pretty.insert(1, "\n  ");
  EXPECT_TRUE(VerifyEnvelope(pretty, key_.PublicKeyHex()));
}

TEST_F(PublicationTest, AnyChangeOfContentIsCaught) {
  std::string changed = envelope_;
  changed.replace(changed.find("mini"), 4, "maxi");
  auto v = VerifyEnvelope(changed, key_.PublicKeyHex());
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("digest"), std::string::npos);
}

TEST_F(PublicationTest, AForgedDigestAndSignatureAreCaught) {
  // Someone edits the content and recomputes the digest, but cannot sign.
  json::value e = json::parse(envelope_);
  e.at("qalxan-publication").as_object()["name"] = "forged";
  const Seal forged = SealPayload(e.at("qalxan-publication"), crypto::SigningKey::Generate());
  e.as_object()["digest"] = forged.digest;
  auto v = VerifyEnvelope(json::serialize(e), key_.PublicKeyHex());
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("signature"), std::string::npos);
}

TEST_F(PublicationTest, OnlyTheTrustedKeyIsAccepted) {
  auto v = VerifyEnvelope(envelope_, crypto::SigningKey::Generate().PublicKeyHex());
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("trusted key"), std::string::npos);
}

TEST_F(PublicationTest, MalformedEnvelopesAreRejected) {
  for (const char* bad : {"", "[]", "{}", R"({"qalxan-publication":{},"digest":1,"signature":{}})",
                          R"({"qalxan-publication":{},"digest":"x","signature":{"alg":"RSA"}})"}) {
    EXPECT_FALSE(VerifyEnvelope(bad, key_.PublicKeyHex())) << bad;
  }
}

}  // namespace
}  // namespace qx::requirements
