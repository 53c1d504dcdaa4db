// The attempt policy, rule by rule, on the real built-in probes (their ports, banners and roles
// as the registry defines them): no I/O, the plan is told what each attempt showed.
#include "pipeline/attempt_plan.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "probes/banner/banner_probe.h"
#include "probes/ftp/ftp_probe.h"
#include "probes/http_exposure/http_exposure_probe.h"
#include "probes/imap/imap_probe.h"
#include "probes/redis/redis_probe.h"
#include "probes/smtp/smtp_probe.h"

namespace lw::pipeline {
namespace {

struct Probes {
  probes::RedisProbe redis;
  probes::FtpProbe ftp;
  probes::ImapProbe imap;
  probes::SmtpProbe smtp;
  probes::HttpExposureProbe http;
  probes::BannerProbe banner;
  // Registry order: the banner probe last.
  std::vector<const Probe*> all() const { return {&redis, &ftp, &imap, &smtp, &http, &banner}; }
};

AttemptPlan plan_for(const std::vector<const Probe*>& list, std::uint16_t port,
                     std::uint32_t max_attempts = 20, bool connect_only = false) {
  return AttemptPlan(PlanInputs{list, connect_only, port, max_attempts});
}

// Every attempt the plan gives while nothing is reported, in order.
std::vector<Attempt> drain(AttemptPlan& plan, bool speaks_tls = false) {
  std::vector<Attempt> out;
  for (int i = 0; i < 100; ++i) {
    const auto a = plan.next(speaks_tls);
    if (!a) break;
    out.push_back(*a);
  }
  return out;
}

TEST(AttemptPlan, ThePortOwnerComesFirstThenTheBanner) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 6379);
  EXPECT_EQ(plan.banner(), &p.banner);
  const auto got = drain(plan);
  const std::vector<Attempt> want{{&p.redis, false}, {&p.banner, false}};
  EXPECT_EQ(got, want);
}

TEST(AttemptPlan, TlsPortOwnersGoFirstOverTls) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 993);  // IMAPS: imap claims it as a TLS port only
  const std::vector<Attempt> want{{&p.imap, true}, {&p.banner, false}};
  EXPECT_EQ(drain(plan), want);
  auto https = plan_for(list, 443);
  const std::vector<Attempt> want_https{{&p.http, true}, {&p.banner, false}};
  EXPECT_EQ(drain(https), want_https);
}

TEST(AttemptPlan, AnUnclaimedPortStartsWithTheBanner) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444);
  const std::vector<Attempt> want{{&p.banner, false}};
  EXPECT_EQ(drain(plan), want);
}

TEST(AttemptPlan, ABannerBringsTheProbesThatKnowIt) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444);
  ASSERT_EQ(plan.next(false), (Attempt{&p.banner, false}));
  plan.banner_named("220 (vsFTPd 3.0.3)\r\n", false);
  const std::vector<Attempt> want{{&p.ftp, false}};
  EXPECT_EQ(drain(plan), want);
  // Over TLS, the probe that knows the banner is tried over TLS.
  auto tls = plan_for(list, 4444);
  (void)tls.next(false);
  tls.banner_silent(false);
  ASSERT_EQ(tls.next(false), (Attempt{&p.banner, true}));
  tls.banner_named("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", true);
  // It comes after the client-first probes the silence in clear had already queued.
  const std::vector<Attempt> want_tls{{&p.redis, true}, {&p.http, true}, {&p.imap, true}};
  EXPECT_EQ(drain(tls, true), want_tls);
}

TEST(AttemptPlan, SilenceTriesTlsThenTheClientFirstProbes) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444);
  (void)plan.next(false);
  plan.banner_silent(false);
  // The banner over TLS, then every client-first probe (not ftp, imap, smtp: they wait for a
  // greeting), in clear while the port was not seen to speak TLS.
  const std::vector<Attempt> want{{&p.banner, true}, {&p.redis, false}, {&p.http, false}};
  EXPECT_EQ(drain(plan), want);
}

TEST(AttemptPlan, DetectedTlsFollowsWhatThePortSpoke) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444);
  (void)plan.next(false);
  plan.banner_silent(false);
  // The TLS banner attempt completed a handshake: the client-first probes go over TLS.
  const std::vector<Attempt> want{{&p.banner, true}, {&p.redis, true}, {&p.http, true}};
  EXPECT_EQ(drain(plan, true), want);
}

TEST(AttemptPlan, SilenceOverTlsDoesNotTryTlsAgain) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444);
  (void)plan.next(false);
  plan.banner_silent(true);
  const std::vector<Attempt> want{{&p.redis, false}, {&p.http, false}};
  EXPECT_EQ(drain(plan), want);
}

TEST(AttemptPlan, EachProbeAndTransportAtMostOnce) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 6379);
  ASSERT_EQ(plan.next(false), (Attempt{&p.redis, false}));
  plan.not_this_protocol({&p.redis, false}, false);
  ASSERT_EQ(plan.next(false), (Attempt{&p.banner, false}));
  plan.banner_silent(false);
  // redis in clear was tried already: only its TLS form (if the port speaks TLS) may follow.
  const std::vector<Attempt> want{{&p.banner, true}, {&p.http, false}};
  EXPECT_EQ(drain(plan), want);
}

TEST(AttemptPlan, ASlowGreetingGetsOneMoreTry) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 21);
  ASSERT_EQ(plan.next(false), (Attempt{&p.ftp, false}));
  plan.not_this_protocol({&p.ftp, false}, true);  // the greeting never came
  ASSERT_EQ(plan.next(false), (Attempt{&p.banner, false}));
  plan.banner_named("220 (vsFTPd 3.0.3)\r\n", false);
  ASSERT_EQ(plan.next(false), (Attempt{&p.ftp, false}));
  plan.not_this_protocol({&p.ftp, false}, true);
  EXPECT_EQ(drain(plan), std::vector<Attempt>{});
}

TEST(AttemptPlan, AProbeThatAnsweredOtherwiseIsNotRetried) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 21);
  ASSERT_EQ(plan.next(false), (Attempt{&p.ftp, false}));
  plan.not_this_protocol({&p.ftp, false}, false);  // replied, in another protocol
  ASSERT_EQ(plan.next(false), (Attempt{&p.banner, false}));
  plan.banner_named("220 (vsFTPd 3.0.3)\r\n", false);
  EXPECT_EQ(drain(plan), std::vector<Attempt>{});
}

TEST(AttemptPlan, MaxAttemptsBoundsThePlan) {
  const Probes p;
  const auto list = p.all();
  auto plan = plan_for(list, 4444, 2);
  (void)plan.next(false);
  plan.banner_silent(false);
  ASSERT_TRUE(plan.next(false));
  EXPECT_FALSE(plan.next(false));
  EXPECT_EQ(plan.attempts(), 2u);
}

TEST(AttemptPlan, ConnectOnlyOrNoBannerProbeMakesOneSilentAttempt) {
  const Probes p;
  const auto list = p.all();
  auto connect = plan_for(list, 6379, 20, true);
  EXPECT_EQ(drain(connect), std::vector<Attempt>{Attempt{}});
  const std::vector<const Probe*> no_banner{&p.redis, &p.ftp};
  auto plain = plan_for(no_banner, 6379);
  EXPECT_EQ(plain.banner(), nullptr);
  EXPECT_EQ(drain(plain), std::vector<Attempt>{Attempt{}});
}

TEST(AttemptPlan, RolesAreTyped) {
  const Probes p;
  EXPECT_EQ(p.banner.info().role, ProbeRole::banner);
  EXPECT_EQ(p.redis.info().role, ProbeRole::protocol);
  const std::array<std::string, 1> none{"none"};
  const std::array<std::string, 2> two{"none", "redis"};
  EXPECT_TRUE(is_connect_only(none));
  EXPECT_FALSE(is_connect_only(two));
  EXPECT_FALSE(is_connect_only({}));
}

TEST(AttemptPlan, ALocalFailureIsRetriedWithGrowingPausesWithinTheBudget) {
  using std::chrono::milliseconds;
  const auto d = after_failed_connect(Outcome::app_error, false, 0, milliseconds(5000));
  EXPECT_EQ(d.action, FailureAction::retry);
  EXPECT_EQ(d.pause, kLocalRetryPause);
  EXPECT_EQ(after_failed_connect(Outcome::app_error, true, 2, milliseconds(5000)).pause,
            kLocalRetryPause * 3);
  // At most kMaxLocalRetries, and only while the budget outlasts a pause.
  EXPECT_EQ(
      after_failed_connect(Outcome::app_error, false, kMaxLocalRetries, milliseconds(5000)).action,
      FailureAction::give_up);
  EXPECT_EQ(after_failed_connect(Outcome::app_error, false, 0, milliseconds(50)).action,
            FailureAction::give_up);
}

TEST(AttemptPlan, TheFirstFailedConnectionClosesTheServiceLaterOnesGoOn) {
  using std::chrono::milliseconds;
  for (const Outcome o : {Outcome::refused, Outcome::timeout, Outcome::reset}) {
    EXPECT_EQ(after_failed_connect(o, false, 0, milliseconds(5000)).action, FailureAction::give_up);
    EXPECT_EQ(after_failed_connect(o, true, 0, milliseconds(5000)).action,
              FailureAction::next_attempt);
  }
}

}  // namespace
}  // namespace lw::pipeline
