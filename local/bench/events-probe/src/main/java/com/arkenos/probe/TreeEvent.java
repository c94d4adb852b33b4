package com.arkenos.probe;
import com.arkenos.telephony.core.http.HttpRequest;
import com.arkenos.telephony.core.http.JsonTrees;
import java.nio.file.*;
/** The same event read as the functions read it: a jackson-core tree (JsonTrees) into HttpRequest. */
public class TreeEvent { public static void main(String[] a) throws Exception {
  HttpRequest r = HttpRequest.fromEvent(JsonTrees.read(Files.readAllBytes(Path.of(a[0]))));
  System.out.println(r.path() + " " + r.queryParameters() + " " + r.routeKey());
}}
