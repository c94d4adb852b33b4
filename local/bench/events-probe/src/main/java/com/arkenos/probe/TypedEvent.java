package com.arkenos.probe;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
/** The sample lookup event read as aws-lambda-java-events' APIGatewayV2HTTPEvent with a Jackson ObjectMapper. */
public class TypedEvent { public static void main(String[] a) throws Exception {
  byte[] b = Files.readAllBytes(Path.of(a[0]));
  APIGatewayV2HTTPEvent e = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .readValue(b, APIGatewayV2HTTPEvent.class);
  System.out.println(e.getRawPath() + " " + e.getQueryStringParameters() + " " + e.getHeaders().size());
}}
