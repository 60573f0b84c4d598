package io.eventgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventgateway.config.RoutingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicRouterTest {
  @Test
  void firstMatchingGlobWinsElseDefault() {
    TopicRouter router = new TopicRouter(new RoutingConfig("events", List.of(
      new RoutingConfig.Rule("com.example.order.*", "orders"),
      new RoutingConfig.Rule("com.example.*", "example"),
      new RoutingConfig.Rule("v?.ping", "pings"))));
    assertEquals("orders", router.topicFor("com.example.order.created"));
    assertEquals("example", router.topicFor("com.example.user.created"));
    assertEquals("pings", router.topicFor("v1.ping"));
    assertEquals("events", router.topicFor("v10.ping"));
    assertEquals("events", router.topicFor("comXexample.order"), "dots are literal");
  }
}
