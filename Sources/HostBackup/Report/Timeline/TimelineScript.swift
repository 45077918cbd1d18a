/// The page's inline JavaScript. `catcher` runs first and writes any script error into the
/// page (`data-script-error` on the root element), so a check of the rendered DOM sees it.
/// `static` opens the night a calendar link points at. `live` follows a server's trace.
enum TimelineScript {
    static let catcher = """
    window.addEventListener("error",function(e){document.documentElement.setAttribute("data-script-error",\
    String(e.message||e.type))});\
    window.addEventListener("unhandledrejection",function(e){document.documentElement.setAttribute(\
    "data-script-error",String(e.reason))});
    """

    static let opener = """
    (function(){function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;\
    var el=document.getElementById(id);if(el&&el.tagName==="DETAILS"){el.open=true;el.scrollIntoView();}}\
    window.addEventListener("hashchange",openTarget);openTarget();\
    document.documentElement.setAttribute("data-timeline-ready","1");})();
    """

    /// Asks the events endpoint for what came after the last event drawn (waiting up to two
    /// seconds), and when something did, fetches the timeline as the server now draws it and
    /// puts it in place. A token in the URL's fragment (`#token=...`) is sent as the bearer.
    static let live = """
    (function(){var root=document.getElementById("live");if(!root)return;\
    var next=Number(root.getAttribute("data-next"))||0;var status=document.getElementById("live-status");\
    var m=/(?:^|[#&])token=([^&]+)/.exec(location.hash);\
    var headers=m?{"Authorization":"Bearer "+decodeURIComponent(m[1])}:{};\
    function say(text){if(status)status.textContent=text;}\
    function later(ms){return new Promise(function(r){setTimeout(r,ms);});}\
    async function poll(){for(;;){try{\
    var r=await fetch("/api/v1/events?since="+next+"&wait=2",{headers:headers,cache:"no-store"});\
    if(!r.ok){say("following stopped: the events endpoint answered "+r.status);await later(5000);continue;}\
    var body=await r.json();\
    if(body.events.length>0){next=body.next;\
    var f=await fetch("/timeline",{headers:headers,cache:"no-store"});\
    if(f.ok){root.innerHTML=await f.text();}\
    var last=body.events[body.events.length-1];\
    say("following the trace: "+next+" events, the last "+last.scope+" "+last.event+" at "+last.tMs+" ms");\
    root.setAttribute("data-next",String(next));}\
    else{say("following the trace: "+next+" events, waiting for more");}\
    await later(500);}catch(e){say("following paused: "+e.message);await later(3000);}}}\
    document.documentElement.setAttribute("data-timeline-ready","1");poll();})();
    """
}
